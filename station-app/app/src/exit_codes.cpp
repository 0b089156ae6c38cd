#include "exit_codes.hpp"

namespace station {

ExitCode exit_code_for(hal::ErrorCode code) {
  using hal::ErrorCode;
  switch (code) {
    case ErrorCode::kUnavailable:
    case ErrorCode::kNotFound:
      return kExitUnavailable;
    case ErrorCode::kNoCard:
    case ErrorCode::kCardRemoved:
    case ErrorCode::kCardStatus:
    case ErrorCode::kProtocol:
      return kExitCard;
    case ErrorCode::kTimeout:
      return kExitTimeout;
    case ErrorCode::kBusy:
      return kExitBusy;
    case ErrorCode::kWrongPin:
    case ErrorCode::kPinLocked:
    case ErrorCode::kPermissionDenied:
      return kExitAuth;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kCorrupt:
    case ErrorCode::kUnsupported:
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kCancelled:
      return kExitData;
    case ErrorCode::kIo:
    case ErrorCode::kNoSpace:
      return kExitStorage;
    case ErrorCode::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

const char* exit_code_help() {
  return "Exit codes:\n"
         "  0   success\n"
         "  2   bad command line\n"
         "  3   configuration file missing or invalid\n"
         "  4   device or service unavailable (PC/SC, reader, token, sensor), or not found\n"
         "  5   card problem: no card, card removed, card refused a command\n"
         "  6   timed out\n"
         "  7   wrong or locked PIN, permission denied\n"
         "  8   invalid input, or data failing an integrity check\n"
         "  9   storage: I/O error, or the disk is full\n"
         "  10  busy: another station command is running (or a device is held); run it again when it ends\n"
         "  70  internal error (please report)\n";
}

}  // namespace station
