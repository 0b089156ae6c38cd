// The rig's vpcd reader is a real PC/SC reader: pcsc-lite itself lists it,
// and the driver reports it with the simulated card and its ATR.
#include <PCSC/winscard.h>

#include <algorithm>

#include "rig_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace rig_test;

int setup(void** state) { return start(state, {}); }

void pcsc_lite_lists_the_vpcd_reader(void** state) {
  const std::string& reader = fixture(state).rig->reader_name();
  SCARDCONTEXT context = 0;
  assert_int_equal(SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context), SCARD_S_SUCCESS);
  char names[1024] = {};
  DWORD size = sizeof names;
  assert_int_equal(SCardListReaders(context, nullptr, names, &size), SCARD_S_SUCCESS);
  SCardReleaseContext(context);
  bool listed = false;
  for (const char* n = names; *n; n += std::strlen(n) + 1) listed = listed || reader == n;
  assert_true(listed);
  assert_string_equal(reader.c_str(), "Station Rig VPCD 00 00");
}

void the_driver_lists_the_reader_with_the_card_and_its_atr(void** state) {
  Fixture& f = fixture(state);
  auto readers = f.terminal->list_readers();
  ASSERT_OK(readers);
  auto it = std::find_if(readers->begin(), readers->end(),
                         [&](const hal::ReaderStatus& r) { return r.name == f.rig->reader_name(); });
  assert_true(it != readers->end());
  assert_true(it->card_present);
  assert_string_equal(hal::to_hex(it->atr).c_str(), kT1Atr);
  // vpcd's second slot (port + 1) is listed too, empty.
  auto second = std::find_if(readers->begin(), readers->end(),
                             [](const hal::ReaderStatus& r) { return r.name == "Station Rig VPCD 00 01"; });
  assert_true(second != readers->end());
  assert_false(second->card_present);
  assert_int_equal(second->atr.size(), 0);
}

void waiting_for_a_card_already_there_returns_it(void** state) {
  Fixture& f = fixture(state);
  auto any = f.terminal->wait_for_card("", std::chrono::milliseconds(2000));
  ASSERT_OK(any);
  assert_string_equal(any->name.c_str(), f.rig->reader_name().c_str());
  assert_string_equal(hal::to_hex(any->atr).c_str(), kT1Atr);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(pcsc_lite_lists_the_vpcd_reader),
      cmocka_unit_test(the_driver_lists_the_reader_with_the_card_and_its_atr),
      cmocka_unit_test(waiting_for_a_card_already_there_returns_it),
  };
  return cmocka_run_group_tests(tests, setup, stop);
}
