// The station's documented exit codes. Scripts and the kiosk shell branch on
// these, so a code's meaning never changes once released.
#pragma once

#include "hal/result.hpp"

namespace station {

enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 2,          // bad command line
  kExitConfig = 3,         // configuration file missing or invalid
  kExitUnavailable = 4,    // a device or service is not there (PC/SC, reader, token, sensor)
  kExitCard = 5,           // no card, card removed, card refused a command
  kExitTimeout = 6,        // something did not answer in time
  kExitAuth = 7,           // wrong or locked PIN, permission denied
  kExitData = 8,           // invalid input or data failing an integrity check
  kExitStorage = 9,        // I/O error or full disk
  kExitBusy = 10,          // another station command holds the store (or a device); run it again later
  kExitInternal = 70,      // a defect: please report it
};

ExitCode exit_code_for(hal::ErrorCode code);

// The table printed at the end of `station --help`.
const char* exit_code_help();

}  // namespace station
