// Ownership of OpenSSL objects and turning OpenSSL's error queue into values.
// Internal to station_card_access.
#pragma once

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <memory>
#include <string>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::card::access {

template <auto Free>
struct OpensslDeleter {
  template <typename T>
  void operator()(T* object) const {
    Free(object);
  }
};

using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, OpensslDeleter<EVP_CIPHER_CTX_free>>;
using CipherPtr = std::unique_ptr<EVP_CIPHER, OpensslDeleter<EVP_CIPHER_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpensslDeleter<EVP_MD_CTX_free>>;
using MacPtr = std::unique_ptr<EVP_MAC, OpensslDeleter<EVP_MAC_free>>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, OpensslDeleter<EVP_MAC_CTX_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, OpensslDeleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpensslDeleter<EVP_PKEY_CTX_free>>;
using BnPtr = std::unique_ptr<BIGNUM, OpensslDeleter<BN_clear_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, OpensslDeleter<BN_CTX_free>>;
using EcGroupPtr = std::unique_ptr<EC_GROUP, OpensslDeleter<EC_GROUP_free>>;
using EcPointPtr = std::unique_ptr<EC_POINT, OpensslDeleter<EC_POINT_clear_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, OpensslDeleter<ECDSA_SIG_free>>;

// A failure inside OpenSSL: `what` plus the queued reasons, which it clears.
// kInternal unless the caller knows better.
hal::Error openssl_error(std::string what, hal::ErrorCode code = hal::ErrorCode::kInternal);

// Big-endian bytes of `value`, left-padded with zeros to `width`.
hal::Result<hal::Bytes> bn_to_bytes(const BIGNUM* value, std::size_t width);

// The chip's keys (Active and Chip Authentication) are EC keys on P-256;
// anything else is another scheme. Errors: kUnsupported naming `what`.
hal::Status check_p256(const EVP_PKEY* key, const char* what);

}  // namespace station::card::access
