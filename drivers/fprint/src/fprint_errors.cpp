#include "fprint_errors.hpp"

#include <fprint.h>
#include <gio/gio.h>

#include <string>

namespace drivers {

namespace {

hal::ErrorCode device_error_code(int code) {
  switch (code) {
    case FP_DEVICE_ERROR_NOT_SUPPORTED:
      return hal::ErrorCode::kUnsupported;
    case FP_DEVICE_ERROR_NOT_OPEN:
    case FP_DEVICE_ERROR_ALREADY_OPEN:
      return hal::ErrorCode::kFailedPrecondition;
    case FP_DEVICE_ERROR_BUSY:
      return hal::ErrorCode::kBusy;
    case FP_DEVICE_ERROR_DATA_INVALID:
      return hal::ErrorCode::kInvalidArgument;
    case FP_DEVICE_ERROR_DATA_NOT_FOUND:
      return hal::ErrorCode::kNotFound;
    case FP_DEVICE_ERROR_DATA_FULL:
      return hal::ErrorCode::kNoSpace;
    case FP_DEVICE_ERROR_DATA_DUPLICATE:
      return hal::ErrorCode::kAlreadyExists;
    case FP_DEVICE_ERROR_REMOVED:
      return hal::ErrorCode::kUnavailable;
    default:
      return hal::ErrorCode::kIo;
  }
}

}  // namespace

hal::Error fprint_error(const GError* error, std::string_view action, bool timed_out) {
  std::string what = "fingerprint sensor " + std::string(action);
  if (!error) return hal::make_error(hal::ErrorCode::kInternal, what + " failed without saying why");
  std::string detail = error->message ? error->message : "";
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    return timed_out ? hal::make_error(hal::ErrorCode::kTimeout, what + ": no finger in time")
                     : hal::make_error(hal::ErrorCode::kCancelled, what + " was cancelled");
  }
  // The sensor's "retry" means the touch was unusable (moved, too short, no
  // ridges found): the HAL calls that a corrupt capture.
  if (error->domain == FP_DEVICE_RETRY) {
    return hal::make_error(hal::ErrorCode::kCorrupt, what + ": please touch again (" + detail + ")");
  }
  if (error->domain == FP_DEVICE_ERROR) return hal::make_error(device_error_code(error->code), what + ": " + detail);
  return hal::make_error(hal::ErrorCode::kIo, what + ": " + detail);
}

}  // namespace drivers
