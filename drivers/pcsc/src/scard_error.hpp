// Every SCARD_* return code as a hal::Error that names the reader and the
// operation, so a failure reads as a sentence an officer or technician can act on.
#pragma once

#include <PCSC/winscard.h>

#include <string_view>

#include "hal/result.hpp"

namespace drivers::pcsc {

// The same code means different things depending on what was under way:
// "no smart card" is kNoCard when connecting but kCardRemoved mid-session.
enum class ScardPhase {
  kService,      // listing readers, waiting for status changes
  kConnect,      // SCardConnect
  kCardSession,  // transmit, control, attributes on a connected card
};

hal::ErrorCode scard_error_code(LONG rv, ScardPhase phase);

// "<operation> on reader '<reader>': <pcsc-lite's text> (0x8010000C)";
// without a reader when `reader` is empty.
hal::Error scard_error(LONG rv, ScardPhase phase, std::string_view operation, std::string_view reader);

}  // namespace drivers::pcsc
