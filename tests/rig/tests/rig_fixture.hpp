// A rig and a PcscCardTerminal for one CMocka test, owned through the test's
// state so teardown stops every process even when the test fails (CMocka
// longjmps out of a failing test, past its destructors).
#pragma once

#include <memory>

#include "drivers/pcsc_card_terminal.hpp"
#include "hal/apdu.hpp"
#include "rig/rig.hpp"

namespace rig_test {

struct Fixture {
  std::unique_ptr<rig::Rig> rig;
  std::unique_ptr<drivers::PcscCardTerminal> terminal;  // declared last: goes first
};

// For CMocka setup functions: 0, or -1 (the test is then reported failed)
// after printing why the rig did not start.
int start(void** state, const rig::RigOptions& rig_options, const drivers::PcscOptions& pcsc_options = {});
int stop(void** state);

inline Fixture& fixture(void** state) { return *static_cast<Fixture*>(*state); }

hal::Bytes hex(const char* text);
// A command APDU written as ISO/IEC 7816-4 prints it ("00 A4 04 0C 07 ...").
hal::CommandApdu apdu(const char* text);
inline int code(hal::ErrorCode c) { return static_cast<int>(c); }
// The error kind of a result expected to fail; -1 when it succeeded, so an
// unexpected success fails the comparison instead of tripping an assert.
template <typename T>
int error_code(const hal::Result<T>& r) {
  return r.ok() ? -1 : code(r.error().code);
}

// Fast options for tests: configured limit (no probe APDU) and short timeouts.
drivers::PcscOptions quick_options(std::size_t max_apdu_data = 4096);

inline const char* const kSelectEmrtd = "00 A4 04 0C 07 A0 00 00 02 47 10 01";
inline const char* const kSelectDg1 = "00 A4 02 0C 02 01 01";
// The simulator's ATR (T=1, extended length announced), from card-sim's atr.cpp
// and checked there against ISO/IEC 7816-3.
inline const char* const kT1Atr = "3B858131FE458073900140AC";

}  // namespace rig_test
