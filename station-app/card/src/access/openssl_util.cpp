#include "openssl_util.hpp"

#include <openssl/core_names.h>
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

hal::Status check_p256(const EVP_PKEY* key, const char* what) {
  char group[64] = {};
  if (!EVP_PKEY_is_a(key, "EC"))
    return hal::make_error(hal::ErrorCode::kUnsupported,
                           std::string(what) + " is a " + EVP_PKEY_get0_type_name(key) +
                               " key; this station takes P-256 keys only");
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr) != 1 ||
      std::string(group) != "prime256v1")
    return hal::make_error(hal::ErrorCode::kUnsupported, std::string(what) + " is on curve '" + group +
                                                             "', not P-256");
  return {};
}

}  // namespace station::card::access
