// SQLite failure paths under an unmodified store: a full disk (a real, small
// tmpfs mounted by the test), I/O errors (a VFS that wraps SQLite's own and
// fails chosen calls), and a lock held by another connection. Each gives a
// clear error and leaves what was stored as it was.
#include "fault_vfs.hpp"
#include "store_test_main.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;
namespace dossier = station::dossier;

// What a fresh process would find: a new connection through the default VFS.
std::unique_ptr<Store> reopen_clean(Fixture& f, const fs::path& path) {
  auto opened = Store::open(options_for(path), f.keys.get(), *f.clock);
  ASSERT_OK(opened);
  return std::move(opened).value();
}

void expect_clean(Store& store) {
  auto report = store.check(true);
  ASSERT_OK(report);
  if (!report->problems.empty()) fail_msg("store check: %s", report->problems.front().c_str());
}

dossier::FingerSlot finger_with(std::size_t bytes, std::uint64_t seed) {
  return complete_dossier(11 * bytes, seed).fingers[0];
}

struct FaultyStore {
  std::string id;
  dossier::FingerSlot kept;
};

// A store through the fault VFS holding a draft whose finger 1 is `kept`.
FaultyStore open_faulty(Fixture& f) {
  FaultVfs::install();
  auto options = options_for(f.db_path());
  options.vfs = FaultVfs::kName;
  f.reopen(options);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  auto kept = finger_with(4000, 51);
  ASSERT_OK(f.store->save_finger(*id, 1, kept, kOfficer));
  return {*id, kept};
}

// The files as a power cut at this instant would leave them, opened by a new process.
std::unique_ptr<Store> after_power_cut(Fixture& f) {
  fs::path copy = f.dir.path() / "power-cut";
  fs::remove_all(copy);
  fs::create_directories(copy);
  for (const char* suffix : {"", "-wal"}) {
    fs::path file = f.db_path().string() + suffix;
    if (fs::exists(file)) fs::copy_file(file, copy / ("station.db" + std::string(suffix)));
  }
  return reopen_clean(f, copy / "station.db");
}

void expect_unchanged(Store& store, const FaultyStore& before) {
  auto loaded = store.load(before.id);
  ASSERT_OK(loaded);
  assert_true(loaded->fingers[0] == before.kept);
  expect_clean(store);
}

void a_failed_write_changes_nothing(void** state) {
  auto& f = fixture(state);
  auto before = open_faulty(f);
  auto audit_before = RawDb(f.db_path()).integer("SELECT COUNT(*) FROM audit");
  auto& vfs = FaultVfs::install();
  vfs.arm(FaultVfs::Call::kWrite, SQLITE_IOERR_WRITE, "-wal");
  auto refused = f.store->save_finger(before.id, 1, finger_with(4000, 52), kOfficer);
  assert_true(vfs.injected() > 0);
  vfs.clear();
  EXPECT_ERROR(refused, ErrorCode::kIo, "saving record 'finger.01' of dossier " + before.id + ": the storage holding");
  assert_non_null(strstr(refused.error().message.c_str(), "(disk I/O error); the change was not saved; check the disk"));
  expect_unchanged(*after_power_cut(f), before);
  assert_int_equal(RawDb(f.db_path()).integer("SELECT COUNT(*) FROM audit"), audit_before);
  // The disk is back: the same store goes on.
  ASSERT_OK(f.store->save_finger(before.id, 2, finger_with(4000, 53), kOfficer));
}

void a_failed_flush_is_undone_before_a_crash_can_replay_it(void** state) {
  auto& f = fixture(state);
  auto before = open_faulty(f);
  auto& vfs = FaultVfs::install();
  // The WAL frames are written but not flushed: without the store's undo, a
  // crash now would bring the change back although the caller was told it failed.
  vfs.arm(FaultVfs::Call::kSync, SQLITE_IOERR_FSYNC, "-wal", 1);  // a passing fault
  auto refused = f.store->save_finger(before.id, 1, finger_with(4000, 54), kOfficer);
  assert_int_equal(vfs.injected(), 1);
  vfs.clear();
  EXPECT_ERROR(refused, ErrorCode::kIo, "the change was not saved");
  expect_unchanged(*after_power_cut(f), before);
  ASSERT_OK(f.store->save_finger(before.id, 2, finger_with(4000, 55), kOfficer));
}

void a_flush_that_cannot_be_undone_stops_all_writes(void** state) {
  auto& f = fixture(state);
  auto before = open_faulty(f);
  auto& vfs = FaultVfs::install();
  vfs.arm(FaultVfs::Call::kSync, SQLITE_IOERR_FSYNC);  // every file, every flush: a dying disk
  auto refused = f.store->save_finger(before.id, 1, finger_with(4000, 56), kOfficer);
  // The commit's flush failed, and so did the undo's.
  assert_true(vfs.injected() >= 2);
  EXPECT_ERROR(refused, ErrorCode::kIo, "the change may or may not be on the disk, and the store refuses further changes");
  vfs.clear();
  EXPECT_ERROR(f.store->save_finger(before.id, 3, finger_with(4000, 57), kOfficer), ErrorCode::kIo,
               "an earlier write to '" + f.db_path().string() + "' failed and could not be undone");
  EXPECT_ERROR(f.store->create_draft(kOfficer), ErrorCode::kIo, "restart the station");
  // After a restart the file is whole, holding one version or the other.
  auto restarted = after_power_cut(f);
  expect_clean(*restarted);
}

void read_errors_are_reported_not_served(void** state) {
  auto& f = fixture(state);
  auto before = open_faulty(f);
  f.reopen([&] {
    auto options = options_for(f.db_path());
    options.vfs = FaultVfs::kName;
    return options;
  }());
  auto& vfs = FaultVfs::install();
  vfs.arm(FaultVfs::Call::kRead, SQLITE_IOERR_READ);
  auto refused = f.store->load(before.id);
  assert_true(vfs.injected() > 0);
  vfs.clear();
  EXPECT_ERROR(refused, ErrorCode::kIo, "(disk I/O error)");
  expect_unchanged(*f.store, before);
}

void a_lock_held_elsewhere_gives_busy_and_changes_nothing(void** state) {
  auto& f = fixture(state);
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  auto kept = finger_with(2000, 61);
  ASSERT_OK(f.store->save_finger(*id, 1, kept, kOfficer));
  RawDb other(f.db_path());
  other.exec("BEGIN IMMEDIATE");  // another program is writing
  auto refused = f.store->save_finger(*id, 1, finger_with(2000, 62), kOfficer);
  EXPECT_ERROR(refused, ErrorCode::kBusy, "saving record 'finger.01' of dossier " + *id + ": the database '" +
                                              f.db_path().string() + "' stayed locked by another program for 200 ms");
  assert_non_null(strstr(refused.error().message.c_str(), "nothing was changed; try again"));
  EXPECT_ERROR(f.store->create_draft(kOfficer), ErrorCode::kBusy, "creating draft dossier");
  EXPECT_ERROR(f.store->transition(*id, DossierState::kSealed, kOfficer), ErrorCode::kInvalidArgument, "cannot be sealed yet");
  // Readers are not held up by a writer (WAL).
  auto loaded = f.store->load(*id);
  ASSERT_OK(loaded);
  assert_true(loaded->fingers[0] == kept);
  other.exec("COMMIT");
  ASSERT_OK(f.store->save_finger(*id, 1, finger_with(2000, 63), kOfficer));
  expect_clean(*f.store);
}

// Mounts a tmpfs of `size` at `where` for this test; tear_down unmounts it.
fs::path mount_small_disk(Fixture& f, const char* size) {
  fs::path where = f.dir.path() / "small-disk";
  fs::create_directories(where);
  std::string options = std::string("size=") + size + ",mode=0700";
  if (mount("tmpfs", where.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
    fail_msg("cannot mount a %s tmpfs at %s (%s); these tests run as root", size, where.c_str(), strerror(errno));
  }
  f.mount_point = where;
  return where;
}

void a_full_disk_refuses_cleanly_and_loses_nothing(void** state) {
  auto& f = fixture(state);
  fs::path disk = mount_small_disk(f, "2m");
  // Once it is removed, the WAL can be checkpointed into the database file.
  fs::path ballast = disk / "ballast";
  std::ofstream(ballast, std::ios::binary) << std::string(1024 * 1024, 'b');
  fs::path db = disk / "station.db";
  f.reopen(options_for(db));
  auto id = f.store->create_draft(kOfficer);
  ASSERT_OK(id);
  auto d = complete_dossier(11 * 100000, 65);
  ASSERT_OK(f.store->save_demographics(*id, d.demographics, kOfficer));
  int saved = 0;
  hal::Status last;
  for (int position = 1; position <= 10 && last.ok(); ++position) {
    last = f.store->save_finger(*id, position, d.fingers[static_cast<std::size_t>(position - 1)], kOfficer);
    if (last.ok()) ++saved;
  }
  print_message("saved %d fingers of 100 kB before the 2 MiB disk was full\n", saved);
  assert_true(saved >= 2);
  EXPECT_ERROR(last, ErrorCode::kNoSpace, "saving record 'finger.0" + std::to_string(saved + 1) + "'");
  assert_non_null(strstr(last.error().message.c_str(), "the disk is full"));
  assert_non_null(strstr(last.error().message.c_str(), "so nothing was saved; free space"));

  f.reopen(options_for(db));  // a restart on the still-full disk
  expect_clean(*f.store);
  auto loaded = f.store->load(*id);
  ASSERT_OK(loaded);
  for (int i = 0; i < saved; ++i) assert_true(loaded->fingers[static_cast<std::size_t>(i)] == d.fingers[static_cast<std::size_t>(i)]);
  assert_int_equal(static_cast<int>(loaded->fingers[static_cast<std::size_t>(saved)].status),
                   static_cast<int>(station::dossier::FingerStatus::kNotCaptured));

  auto options = options_for(db);
  options.min_free_bytes = 2 << 20;
  f.reopen(options);
  EXPECT_ERROR(f.store->create_draft(kOfficer), ErrorCode::kNoSpace, "a new enrollment needs at least 2 MiB");

  fs::remove(ballast);  // room again: the enrollment goes on
  f.reopen(options_for(db));

  ASSERT_OK(f.store->save_finger(*id, saved + 1, d.fingers[static_cast<std::size_t>(saved)], kOfficer));
  expect_clean(*f.store);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(a_failed_write_changes_nothing, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_failed_flush_is_undone_before_a_crash_can_replay_it, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_flush_that_cannot_be_undone_stops_all_writes, set_up, tear_down),
      cmocka_unit_test_setup_teardown(read_errors_are_reported_not_served, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_lock_held_elsewhere_gives_busy_and_changes_nothing, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_full_disk_refuses_cleanly_and_loses_nothing, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
