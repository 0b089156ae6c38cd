#include "hal/result.hpp"

namespace hal {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kTimeout: return "timed out";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kNoCard: return "no card";
    case ErrorCode::kCardRemoved: return "card removed";
    case ErrorCode::kProtocol: return "protocol error";
    case ErrorCode::kCardStatus: return "card refused";
    case ErrorCode::kWrongPin: return "wrong PIN";
    case ErrorCode::kPinLocked: return "PIN locked";
    case ErrorCode::kPermissionDenied: return "permission denied";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kIo: return "I/O error";
    case ErrorCode::kNoSpace: return "no space left";
    case ErrorCode::kCorrupt: return "corrupt data";
    case ErrorCode::kBusy: return "busy";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kAlreadyExists: return "already exists";
    case ErrorCode::kFailedPrecondition: return "not allowed now";
    case ErrorCode::kInternal: return "internal error";
  }
  return "unknown error";
}

std::string Error::describe() const {
  std::string text(to_string(code));
  if (!message.empty()) {
    text += ": ";
    text += message;
  }
  return text;
}

}  // namespace hal
