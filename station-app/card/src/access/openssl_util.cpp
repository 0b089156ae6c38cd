#include "openssl_util.hpp"

#include <openssl/err.h>

namespace station::card::access {

hal::Error openssl_error(std::string what, hal::ErrorCode code) {
  std::string reasons;
  while (unsigned long queued = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(queued);
    if (!reasons.empty()) reasons += "; ";
    reasons += reason != nullptr ? reason : "error " + std::to_string(ERR_GET_REASON(queued));
  }
  if (!reasons.empty()) what += " (OpenSSL: " + reasons + ")";
  return hal::make_error(code, std::move(what));
}

hal::Result<hal::Bytes> bn_to_bytes(const BIGNUM* value, std::size_t width) {
  hal::Bytes out(width);
  if (BN_bn2binpad(value, out.data(), static_cast<int>(width)) != static_cast<int>(width)) {
    return openssl_error("a number does not fit " + std::to_string(width) + " bytes");
  }
  return out;
}

}  // namespace station::card::access
