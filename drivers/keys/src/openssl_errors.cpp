#include "openssl_errors.hpp"

#include <openssl/err.h>

#include "pkcs11_errors.hpp"

namespace drivers::keys {

QueuedErrors take_openssl_errors() {
  QueuedErrors queued;
  while (unsigned long code = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(code);
    if (!queued.reasons.empty()) queued.reasons += "; ";
    queued.reasons += reason != nullptr ? reason : "error " + std::to_string(ERR_GET_REASON(code));
    if (is_libp11_ckr_error(code)) queued.ckr = static_cast<unsigned long>(ERR_GET_REASON(code));
  }
  return queued;
}

hal::Error openssl_error(hal::ErrorCode code, std::string what) {
  QueuedErrors queued = take_openssl_errors();
  if (queued.ckr && error_code_for_ckr(*queued.ckr) != hal::ErrorCode::kInternal) {
    code = error_code_for_ckr(*queued.ckr);
  }
  if (!queued.reasons.empty()) what += " (OpenSSL: " + queued.reasons + ")";
  return hal::make_error(code, std::move(what));
}

}  // namespace drivers::keys
