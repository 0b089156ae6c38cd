// Turning OpenSSL's error queue into values (the handle types are cms's).
// Internal to station_card_access.
#pragma once

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <memory>
#include <string>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/cms/openssl.hpp"

namespace station::card::access {

namespace ossl = cms::ossl;

// A failure inside OpenSSL: `what` plus the queued reasons, which it clears.
// kInternal unless the caller knows better.
hal::Error openssl_error(std::string what, hal::ErrorCode code = hal::ErrorCode::kInternal);

// Big-endian bytes of `value`, left-padded with zeros to `width`.
hal::Result<hal::Bytes> bn_to_bytes(const BIGNUM* value, std::size_t width);

// The chip's keys (Active and Chip Authentication) are EC keys on P-256;
// anything else is another scheme. Errors: kUnsupported naming `what`.
hal::Status check_p256(const EVP_PKEY* key, const char* what);

}  // namespace station::card::access
