#include "scard_error.hpp"

#include <cstdint>
#include <cstdio>
#include <string>

namespace drivers::pcsc {

namespace {

using hal::ErrorCode;

ErrorCode service_code(LONG rv) {
  switch (rv) {
    case SCARD_E_CANCELLED:
    case SCARD_E_SYSTEM_CANCELLED:
    case SCARD_W_CANCELLED_BY_USER:
      return ErrorCode::kCancelled;
    case SCARD_E_TIMEOUT:
    case SCARD_F_WAITED_TOO_LONG:
      return ErrorCode::kTimeout;
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED:
    case SCARD_E_NO_READERS_AVAILABLE:
      return ErrorCode::kUnavailable;
    case SCARD_E_UNKNOWN_READER:
    case SCARD_E_READER_UNAVAILABLE:
    case SCARD_E_DIR_NOT_FOUND:
    case SCARD_E_FILE_NOT_FOUND:
    case SCARD_E_NO_DIR:
    case SCARD_E_NO_FILE:
    case SCARD_E_NO_SUCH_CERTIFICATE:
    case SCARD_E_CERTIFICATE_UNAVAILABLE:
    case SCARD_E_NO_KEY_CONTAINER:
    case SCARD_E_ICC_INSTALLATION:
      return ErrorCode::kNotFound;
    case SCARD_E_NO_SMARTCARD:
      return ErrorCode::kNoCard;
    case SCARD_W_REMOVED_CARD:
    case SCARD_W_RESET_CARD:
    case SCARD_W_UNPOWERED_CARD:
    case SCARD_W_UNRESPONSIVE_CARD:
      return ErrorCode::kCardRemoved;
    case SCARD_E_SHARING_VIOLATION:
    case SCARD_E_SERVER_TOO_BUSY:
    case SCARD_E_NOT_READY:
      return ErrorCode::kBusy;
    case SCARD_E_PROTO_MISMATCH:
    case SCARD_W_UNSUPPORTED_CARD:
    case SCARD_E_CARD_UNSUPPORTED:
    case SCARD_E_INVALID_ATR:
    case SCARD_E_UNKNOWN_CARD:
      return ErrorCode::kProtocol;
    case SCARD_E_UNSUPPORTED_FEATURE:  // same value as SCARD_E_UNEXPECTED
    case SCARD_E_READER_UNSUPPORTED:
    case SCARD_E_CANT_DISPOSE:
      return ErrorCode::kUnsupported;
    case SCARD_E_NOT_TRANSACTED:
    case SCARD_F_COMM_ERROR:
    case SCARD_E_COMM_DATA_LOST:
      return ErrorCode::kIo;
    case SCARD_E_NO_ACCESS:
    case SCARD_W_SECURITY_VIOLATION:
    case SCARD_W_CARD_NOT_AUTHENTICATED:
      return ErrorCode::kPermissionDenied;
    case SCARD_W_WRONG_CHV:
    case SCARD_E_INVALID_CHV:
      return ErrorCode::kWrongPin;
    case SCARD_W_CHV_BLOCKED:
      return ErrorCode::kPinLocked;
    case SCARD_E_WRITE_TOO_MANY:
      return ErrorCode::kNoSpace;
    case SCARD_E_DUPLICATE_READER:
      return ErrorCode::kAlreadyExists;
    case SCARD_W_EOF:
    case SCARD_E_BAD_SEEK:
      return ErrorCode::kInvalidArgument;
    // What remains are defects of the caller or of pcsc-lite itself:
    // SCARD_E_INVALID_HANDLE, _INVALID_PARAMETER, _INVALID_VALUE,
    // _INVALID_TARGET, _INSUFFICIENT_BUFFER, _PCI_TOO_SMALL, _NO_MEMORY,
    // _UNKNOWN_RES_MNG, _ICC_CREATEORDER, SCARD_F_INTERNAL_ERROR,
    // SCARD_F_UNKNOWN_ERROR, and codes pcsc-lite does not define.
    default:
      return ErrorCode::kInternal;
  }
}

}  // namespace

hal::ErrorCode scard_error_code(LONG rv, ScardPhase phase) {
  if (phase == ScardPhase::kConnect) {
    // A card that leaves, or never answers, while we connect was never there
    // for the caller.
    switch (rv) {
      case SCARD_W_REMOVED_CARD:
      case SCARD_W_UNPOWERED_CARD:
      case SCARD_W_UNRESPONSIVE_CARD:
      case SCARD_W_RESET_CARD:
        return ErrorCode::kNoCard;
      default:
        break;
    }
  }
  if (phase == ScardPhase::kCardSession) {
    // Mid-session, a reader or card that stops answering is a card gone:
    // that is what pcsc-lite reports when a card is pulled mid-APDU.
    switch (rv) {
      case SCARD_E_NO_SMARTCARD:
      case SCARD_E_READER_UNAVAILABLE:
      case SCARD_E_UNKNOWN_READER:
      case SCARD_E_NOT_TRANSACTED:
      case SCARD_F_COMM_ERROR:
      case SCARD_E_COMM_DATA_LOST:
        return ErrorCode::kCardRemoved;
      default:
        break;
    }
  }
  return service_code(rv);
}

hal::Error scard_error(LONG rv, ScardPhase phase, std::string_view operation, std::string_view reader) {
  char code[16];
  std::snprintf(code, sizeof code, "0x%08lX", static_cast<unsigned long>(static_cast<std::uint32_t>(rv)));
  std::string message(operation);
  if (!reader.empty()) message += " on reader '" + std::string(reader) + "'";
  message += ": ";
  message += pcsc_stringify_error(rv);
  message += " (" + std::string(code) + ")";
  return hal::make_error(scard_error_code(rv, phase), std::move(message));
}

}  // namespace drivers::pcsc
