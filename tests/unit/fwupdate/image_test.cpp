// unit_fwupdate_image: images signed by fw-sign are read back field by
// field and verify against the factory test key (loaded from its PEM);
// each lie of IMAGE.md §1 is refused with its reason, and a flipped payload,
// signature or key is named hash_mismatch, bad_signature or unknown_key.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "station/fwupdate/image.hpp"

#include "cmocka.hpp"

namespace {

namespace fwu = station::fwupdate;
using Bytes = std::vector<std::uint8_t>;

std::string dir;

Bytes read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

// A 3000-byte payload signed as 2.5.7+99 with counter 4.
Bytes signed_image(const char* key) {
  const std::string payload = dir + "/p.bin", image = dir + "/p.img";
  std::ofstream(payload, std::ios::binary) << std::string(3000, 'x');
  const std::string command = std::string(FW_SIGN) + " --key " + key +
                              " --version 2.5.7+99 --security-counter 4 " + payload + " " + image + " >/dev/null";
  assert_int_equal(std::system(command.c_str()), 0);
  return read_all(image);
}

void expect_refused(const Bytes& b, const char* reason) {
  auto image = fwu::parse_image(b, "t.img");
  assert_false(image.ok());
  assert_int_equal(static_cast<int>(image.error().code), static_cast<int>(hal::ErrorCode::kCorrupt));
  if (image.error().message.find(reason) == std::string::npos ||
      image.error().message.find("t.img") == std::string::npos) {
    fail_msg("'%s' does not say '%s'", image.error().message.c_str(), reason);
  }
}

void reads_the_header_and_trailer(void**) {
  const Bytes b = signed_image(FW_TEST_KEY);
  auto image = fwu::parse_image(b, "t.img");
  if (!image) fail_msg("%s", image.error().message.c_str());
  assert_string_equal(fwu::to_string(image->version).c_str(), "2.5.7+99");
  assert_int_equal(image->security_counter, 4);
  assert_int_equal(image->image_size, 3000);
  assert_int_equal(image->load_address, 0x20010000);
  assert_int_equal(image->total_length, b.size());
}

void verifies_with_the_signers_key(void**) {
  const Bytes b = signed_image(FW_TEST_KEY);
  auto image = fwu::parse_image(b, "t.img");
  auto key = fwu::load_public_key(FW_TEST_PUB);
  if (!key) fail_msg("%s", key.error().message.c_str());
  assert_string_equal(fwu::hex(image->key_id).c_str(), fwu::hex(key->id).c_str());
  auto signer = fwu::verify_image(b, *image, {*key}, "t.img");
  if (!signer) fail_msg("%s", signer.error().message.c_str());
}

void refuses_tampering(void**) {
  const auto key = *fwu::load_public_key(FW_TEST_PUB);
  auto verdict = [&](const Bytes& b) { return fwu::verify_image(b, *fwu::parse_image(b, "t.img"), {key}, "t.img"); };
  Bytes payload = signed_image(FW_TEST_KEY);
  payload[256 + 10] ^= 1;
  auto hash = verdict(payload);
  assert_false(hash.ok());
  assert_true(hash.error().message.find("hash_mismatch") != std::string::npos);
  Bytes signature = signed_image(FW_TEST_KEY);
  signature[signature.size() - 1] ^= 1;  // the ED25519 entry comes last
  auto bad = verdict(signature);
  assert_false(bad.ok());
  assert_true(bad.error().message.find("bad_signature") != std::string::npos);
  auto unknown = verdict(signed_image(FW_OTHER_KEY));
  assert_false(unknown.ok());
  assert_int_equal(static_cast<int>(unknown.error().code), static_cast<int>(hal::ErrorCode::kPermissionDenied));
  assert_true(unknown.error().message.find("unknown_key") != std::string::npos);
}

void refuses_lying_headers_and_trailers(void**) {
  const Bytes good = signed_image(FW_TEST_KEY);
  auto lie = [&](std::size_t at, std::uint8_t value, const char* reason) {
    Bytes b = good;
    b[at] = value;
    expect_refused(b, reason);
  };
  lie(0, 'X', "bad_magic");
  lie(5, 2, "bad_header_size");
  lie(6, 2, "unsupported_format");
  lie(0x0B, 0x30, "bad_load_address");
  lie(0x0F, 0x01, "image_too_large");
  lie(0x1C, 1, "bad_flags");
  lie(0x80, 1, "reserved_not_zero");
  lie(256 + 3000, 0, "bad_tlv_magic");
  lie(256 + 3000 + 4, 0x77, "unknown_tlv");
  Bytes longer = good;
  longer.push_back(0);
  expect_refused(longer, "trailing_bytes");
  expect_refused(Bytes(good.begin(), good.begin() + 200), "truncated");
  expect_refused(Bytes(good.begin(), good.end() - 10), "tlv_area_out_of_bounds");
}

}  // namespace

int main() {
  char pattern[] = "/tmp/fwupdate-test.XXXXXX";
  if (mkdtemp(pattern) == nullptr) return 1;
  dir = pattern;
  const CMUnitTest tests[] = {
      cmocka_unit_test(reads_the_header_and_trailer),
      cmocka_unit_test(verifies_with_the_signers_key),
      cmocka_unit_test(refuses_tampering),
      cmocka_unit_test(refuses_lying_headers_and_trailers),
  };
  const int failed = cmocka_run_group_tests(tests, nullptr, nullptr);
  std::filesystem::remove_all(dir);
  return failed;
}
