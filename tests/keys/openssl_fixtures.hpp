// Test-side cryptography straight from OpenSSL's API, never through
// drivers/keys: it makes the keys a test hands to the driver and checks what
// the driver returns, so the driver is never its own judge. A failing helper
// fails the running test.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <filesystem>
#include <memory>
#include <string>

#include "hal/bytes.hpp"
#include "hal/key_store.hpp"

namespace keys_test {

struct FreeKey {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct FreeCertificate {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
using Key = std::unique_ptr<EVP_PKEY, FreeKey>;
using Certificate = std::unique_ptr<X509, FreeCertificate>;

Key generate_ec(const char* curve);
Key generate_rsa(unsigned int bits);

// PEM PKCS#8; encrypted with AES-256 when `passphrase` is given.
void write_key_pem(const std::filesystem::path& path, EVP_PKEY* key, const char* passphrase = nullptr);
Certificate self_signed(EVP_PKEY* key, const char* common_name);
void write_certificate_pem(const std::filesystem::path& path, X509* certificate);
void write_file(const std::filesystem::path& path, const std::string& content);

hal::Bytes certificate_der(X509* certificate);
hal::Bytes spki_der(EVP_PKEY* key);
// The SubjectPublicKeyInfo a DER certificate certifies.
hal::Bytes certified_spki(const hal::Bytes& certificate);

// Whether `signature` over `message` verifies under the key `certificate`
// certifies, with `scheme` exactly (PSS: salt 32, MGF1-SHA-256).
bool verifies(const hal::Bytes& certificate, hal::ByteView message, hal::ByteView signature,
              hal::SignatureScheme scheme);

// RSAES-OAEP (SHA-256, MGF1-SHA-256) to the key `certificate` certifies.
hal::Bytes encrypt_oaep(const hal::Bytes& certificate, hal::ByteView plaintext);

// ECDH between our private `key` and a peer's DER SubjectPublicKeyInfo.
hal::Bytes derive(EVP_PKEY* key, const hal::Bytes& peer_spki);

hal::Bytes bytes_of(std::string_view text);

}  // namespace keys_test
