// `station crl install FILE --as TECH` (issue 14 point 11) with lists the
// real `openssl ca -gencrl` makes from the test PKI: a technician installs
// the registry CA's current list, atomically (a link planted at the
// installed name is replaced, never written through) and audited; an older
// list, a list no configured CA signed, and a file that is not a regular
// file are each refused by name and leave the installed list as it was.
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <fstream>

#include "cmocka.hpp"
#include "officer_desk.hpp"
#include "store_fixture.hpp"
#include "subprocess.hpp"
#include "sync_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::contains;

constexpr std::uint64_t kTechFinger = 11;

void expect(const testing_support::RunResult& r, int code, const std::string& words) {
  if (r.exit_code != code || !contains(r.out + r.err, words))
    fail_msg("exit %d (wanted %d), '%s' wanted\nstdout: %s\nstderr: %s", r.exit_code, code, words.c_str(),
             r.out.c_str(), r.err.c_str());
}

// openssl's time format, `hours_ago` before now.
std::string openssl_time(int hours_ago) {
  const std::time_t at = std::time(nullptr) - hours_ago * 3600;
  std::tm parts{};
  gmtime_r(&at, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%SZ", &parts);
  return text;
}

std::string text_of(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void a_technician_installs_a_newer_list_and_every_bad_one_is_refused(void**) {
  auto field = sync_test::make_station("field-01");
  field->sync.reset();
  field->store.reset();
  keys_test::TempDir work;
  const fs::path installed = field->dir.path() / "crl" / "registry.crl.pem";
  fs::create_directories(installed.parent_path());
  const fs::path config = sync_test::write_config(
      *field, 0, 0, "registry_crl = \"" + installed.string() + "\"\n[officers]\npin_hash_passes = 1\npin_hash_memory_kib = 1024\n");
  testing_support::OfficerDesk desk(STATION_BINARY, config.string(), field->dir.path());
  desk.add("TECH-01", "technician", "135790", kTechFinger);
  auto install = [&](const fs::path& file) {
    return desk.run({"crl", "install", file.string(), "--as", "TECH-01"}, "135790\n", {kTechFinger});
  };
  // Refused before anyone logs in: nobody touches the sensor.
  auto refused = [&](const fs::path& file) {
    return desk.run({"crl", "install", file.string(), "--as", "TECH-01"}, "", {});
  };
  const auto registry_ca = sync_test::pki() / "registry";
  const fs::path older = sync_test::make_crl(work.path(), registry_ca, "older", {.last_update = openssl_time(48)});
  const fs::path newer = sync_test::make_crl(work.path(), registry_ca, "newer", {.last_update = openssl_time(24)});

  // The install replaces a link planted at its name, and leaves its target alone.
  const fs::path outside = work.path() / "outside.txt";
  std::ofstream(outside) << "not a list";
  fs::create_symlink(outside, installed);
  auto good = install(newer);
  expect(good, 0, "Installed as [sync] registry_crl");
  assert_true(fs::is_regular_file(fs::symlink_status(installed)));
  assert_string_equal(text_of(outside).c_str(), "not a list");
  assert_true(sync_test::openssl({"crl", "-in", installed.string(), "-noout"}));
  const std::string installed_text = text_of(installed);
  for (const auto& entry : fs::directory_iterator(installed.parent_path()))
    if (entry.path() != installed) fail_msg("left behind: %s", entry.path().c_str());
  {
    store_test::RawDb raw(field->db_path());
    assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'crl.install' AND actor = 'TECH-01' AND "
                                 "object = 'registry_crl' AND detail LIKE '%from " + newer.string() + "'"),
                     1);
  }

  // Each refusal names what was wrong and changes nothing.
  expect(refused(older), 8, "before the installed one");
  const fs::path foreign = sync_test::make_crl(work.path(), sync_test::pki() / "rogue", "foreign", {});
  expect(refused(foreign), 7, "not the CA it is configured for");
  const fs::path fifo = work.path() / "fifo.crl";
  assert_int_equal(::mkfifo(fifo.c_str(), 0600), 0);
  expect(refused(fifo), 8, "is a FIFO");
  const fs::path link = work.path() / "link.crl";
  fs::create_symlink(newer, link);
  expect(refused(link), 8, "is a symbolic link");
  expect(refused(work.path()), 8, "is a folder");
  assert_string_equal(text_of(installed).c_str(), installed_text.c_str());
  store_test::RawDb raw(field->db_path());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'crl.install'"), 1);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_technician_installs_a_newer_list_and_every_bad_one_is_refused),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
