// The cmocka group fixture most store tests share: the station's keys made
// once per test program (RSA key generation is slow under ASan), a fresh
// store per test in its own folder.
#pragma once

#include <sys/mount.h>

#include "expect_error.hpp"
#include "store_fixture.hpp"
#include "cmocka.hpp"

namespace store_test {

struct Fixture {
  keys_test::TempDir dir;
  std::unique_ptr<hal::KeyStore> keys;
  std::unique_ptr<hal::FakeClock> clock = test_clock();
  std::unique_ptr<Store> store;
  fs::path mount_point;  // a filesystem a test mounted, unmounted in tear_down

  fs::path db_path() const { return dir.path() / "station.db"; }
  // Closes and reopens the store, as a restarted program would.
  void reopen(StoreOptions options) {
    store.reset();
    auto opened = Store::open(options, keys.get(), *clock);
    ASSERT_OK(opened);
    store = std::move(opened).value();
  }
  void reopen() { reopen(options_for(db_path())); }
};

inline StationKeys& shared_keys() {
  static StationKeys keys;
  return keys;
}

inline int make_keys(void**) {
  shared_keys().write();
  return 0;
}

inline int set_up(void** state) {
  auto f = std::make_unique<Fixture>();
  f->keys = shared_keys().open();
  auto opened = Store::open(options_for(f->db_path()), f->keys.get(), *f->clock);
  if (!opened) {
    print_error("%s\n", opened.error().describe().c_str());
    return -1;
  }
  f->store = std::move(opened).value();
  *state = f.release();
  return 0;
}

inline int tear_down(void** state) {
  auto* f = static_cast<Fixture*>(*state);
  f->store.reset();
  if (!f->mount_point.empty()) umount2(f->mount_point.c_str(), MNT_DETACH);
  delete f;
  return 0;
}

inline Fixture& fixture(void** state) { return *static_cast<Fixture*>(*state); }

}  // namespace store_test
