// [sync] tls_key is an outside file like any other: before libcurl opens it
// by name, a folder, FIFO, link or oversized file is refused naming the path
// (a FIFO would hang the TLS handshake), and a pkcs11: URI is left to the
// token.
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "cmocka.hpp"
#include "expect_error.hpp"
#include "sync_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using hal::ErrorCode;

hal::Status create_with_key(const std::string& key) {
  static const auto station = sync_test::make_station("field-01");
  hal::FakeClock clock;
  auto endpoint = station->endpoint(1);
  endpoint.client_key = key;
  auto uploader = station::sync::Uploader::create(endpoint, sync_test::test_policy(), clock, 1);
  if (!uploader) return uploader.error();
  return {};
}

void a_key_that_is_not_a_regular_file_is_refused_before_libcurl(void**) {
  keys_test::TempDir dir;
  const fs::path good = sync_test::pki() / "stations" / "field-01" / "tls.key.pem";
  ASSERT_OK(create_with_key(good.string()));
  ASSERT_OK(create_with_key("pkcs11:token=station;object=tls"));

  const fs::path fifo = dir.path() / "fifo.pem";
  assert_int_equal(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_ERROR(create_with_key(fifo.string()), ErrorCode::kInvalidArgument,
               "the station's TLS key ([sync] tls_key): TLS key file " + fifo.string() + " is a FIFO");
  const fs::path link = dir.path() / "link.pem";
  fs::create_symlink(good, link);
  EXPECT_ERROR(create_with_key(link.string()), ErrorCode::kInvalidArgument, link.string() + " is a symbolic link");
  EXPECT_ERROR(create_with_key(dir.path().string()), ErrorCode::kInvalidArgument, "is a folder");
  const fs::path big = dir.path() / "big.pem";
  { std::ofstream(big) << std::string(2 * 1024 * 1024, 'A'); }
  EXPECT_ERROR(create_with_key(big.string()), ErrorCode::kInvalidArgument, "is too large");
  EXPECT_ERROR(create_with_key((dir.path() / "none.pem").string()), ErrorCode::kNotFound, "does not exist");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_key_that_is_not_a_regular_file_is_refused_before_libcurl),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
