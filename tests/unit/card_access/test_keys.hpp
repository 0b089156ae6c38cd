// A fresh P-256 key pair for tests, straight from OpenSSL: PKCS#8 private key
// and SubjectPublicKeyInfo, both DER.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "hal/bytes.hpp"

namespace access_test {

struct TestKeyPair {
  hal::Bytes private_key;
  hal::Bytes public_key;
};

inline TestKeyPair make_key_pair(const char* type = "EC", const char* parameter = "P-256") {
  EVP_PKEY* key = std::string(type) == "RSA" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048))
                                             : EVP_PKEY_Q_keygen(nullptr, nullptr, type, parameter);
  TestKeyPair pair;
  PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(key);
  unsigned char* der = nullptr;
  int length = i2d_PKCS8_PRIV_KEY_INFO(info, &der);
  pair.private_key.assign(der, der + length);
  OPENSSL_free(der);
  der = nullptr;
  length = i2d_PUBKEY(key, &der);
  pair.public_key.assign(der, der + length);
  OPENSSL_free(der);
  PKCS8_PRIV_KEY_INFO_free(info);
  EVP_PKEY_free(key);
  return pair;
}

}  // namespace access_test
