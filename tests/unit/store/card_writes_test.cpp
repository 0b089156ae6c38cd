// One card write at a time per dossier (issue 14 point 7): the lease is a
// row in the shared store, so a second process (another `station`, the
// kiosk) is refused while the first writes the card, a batch cannot take
// the dossier meanwhile, and the lease of a process that died is taken
// over. The holders here are real child processes with their own store
// connection, as two `station` commands would be.
#include <sys/wait.h>
#include <unistd.h>

#include "store_test_main.hpp"

namespace {

using namespace store_test;
using hal::ErrorCode;

// A child process that opens the store, takes the card write of `id`, tells
// the parent, then waits for a byte: 'r' releases the lease and ends, 'd'
// dies holding it.
struct Holder {
  pid_t pid = -1;
  int to_child = -1;

  void finish(char how) {
    assert_int_equal(::write(to_child, &how, 1), 1);
    ::close(to_child);
    int status = 0;
    assert_int_equal(::waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
  }
};

[[noreturn]] void hold(Fixture& f, const std::string& id, int ready, int orders) {
  auto opened = Store::open(options_for(f.db_path()), f.keys.get(), *f.clock);
  if (!opened || !(*opened)->begin_card_write(id, "officer-7").ok()) ::_exit(3);
  char byte = 'x';
  if (::write(ready, "y", 1) != 1 || ::read(orders, &byte, 1) != 1) ::_exit(4);
  if (byte == 'r' && !(*opened)->end_card_write(id).ok()) ::_exit(5);
  ::_exit(0);
}

Holder start_holder(Fixture& f, const std::string& id) {
  int ready[2], orders[2];
  assert_int_equal(::pipe(ready), 0);
  assert_int_equal(::pipe(orders), 0);
  const pid_t pid = ::fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    ::close(ready[0]);
    ::close(orders[1]);
    hold(f, id, ready[1], orders[0]);
  }
  ::close(ready[1]);
  ::close(orders[0]);
  char byte = 0;
  assert_int_equal(::read(ready[0], &byte, 1), 1);
  ::close(ready[0]);
  return {pid, orders[1]};
}

station::store::NewBatch batch_with(RawDb& raw, const std::string& id) {
  station::store::NewBatch b;
  b.origin_station = kStation;
  b.sequence = 1;
  b.id = std::string(kStation) + "-000001";
  b.previous_hash = hal::Bytes(32, 0);
  b.content = pseudo_random(300, 1);
  b.hash = pseudo_random(32, 1001);
  b.members.push_back({id, raw.blob("SELECT content_hash FROM dossiers WHERE id = '" + id + "'"), "pending", ""});
  return b;
}

void a_second_personalization_is_refused_while_the_first_writes(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(2000, 1));
  Holder first = start_holder(f, id);
  EXPECT_ERROR(f.store->begin_card_write(id, "officer-9"), ErrorCode::kBusy,
               "dossier " + id + " has its card being written by officer-7 (process " + std::to_string(first.pid) +
                   "); a second personalization of it was refused");
  first.finish('r');
  ASSERT_OK(f.store->begin_card_write(id, "officer-9"));
  ASSERT_OK(f.store->end_card_write(id));
}

void a_batch_cannot_take_a_dossier_whose_card_is_being_written(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(2000, 2));
  RawDb raw(f.db_path());
  Holder writer = start_holder(f, id);
  EXPECT_ERROR(f.store->record_batch(batch_with(raw, id), "sync"), ErrorCode::kBusy,
               "dossier " + id + " has its card being written by officer-7");
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM batches"), 0);
  assert_int_equal(static_cast<int>(f.store->summary(id)->state), static_cast<int>(DossierState::kSealed));
  writer.finish('r');
  ASSERT_OK(f.store->record_batch(batch_with(raw, id), "sync"));
  assert_int_equal(static_cast<int>(f.store->summary(id)->state), static_cast<int>(DossierState::kBatched));
}

void the_lease_of_a_holder_that_died_is_taken_over(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(2000, 3));
  RawDb raw(f.db_path());
  Holder crashed = start_holder(f, id);
  crashed.finish('d');
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM card_writes WHERE dossier_id = '" + id + "'"), 1);
  ASSERT_OK(f.store->begin_card_write(id, "officer-9"));
  assert_int_equal(raw.integer("SELECT holder_pid FROM card_writes WHERE dossier_id = '" + id + "'"), ::getpid());
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM audit WHERE action = 'card.write_reclaimed' AND object = '" + id +
                               "' AND detail LIKE '%officer-7 (process " + std::to_string(crashed.pid) + ")%'"),
                   1);
  ASSERT_OK(f.store->end_card_write(id));
  assert_int_equal(raw.integer("SELECT COUNT(*) FROM card_writes"), 0);
  // A dead holder does not hold up a batch either.
  Holder dead = start_holder(f, id);
  dead.finish('d');
  ASSERT_OK(f.store->record_batch(batch_with(raw, id), "sync"));
}

void only_a_sealed_dossier_without_a_card_gets_one(void** state) {
  auto& f = fixture(state);
  auto id = sealed_dossier(*f.store, complete_dossier(2000, 4));
  ASSERT_OK(f.store->transition(id, DossierState::kPersonalized, "officer-7"));
  EXPECT_ERROR(f.store->begin_card_write(id, "officer-9"), ErrorCode::kFailedPrecondition,
               "is personalized; only a sealed dossier gets a card");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(a_second_personalization_is_refused_while_the_first_writes, set_up, tear_down),
      cmocka_unit_test_setup_teardown(a_batch_cannot_take_a_dossier_whose_card_is_being_written, set_up, tear_down),
      cmocka_unit_test_setup_teardown(the_lease_of_a_holder_that_died_is_taken_over, set_up, tear_down),
      cmocka_unit_test_setup_teardown(only_a_sealed_dossier_without_a_card_gets_one, set_up, tear_down),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
