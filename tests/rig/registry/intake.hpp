// What the registry does with a complete upload: checks the station's
// signature (station CA), decrypts with the registry's key, checks the
// content against the signed manifest and the station's chain, keeps the
// dossiers (each once: a dossier seen before is rejected as a duplicate) and
// signs the receipt.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <chrono>
#include <string>
#include <vector>

#include "hal/key_store.hpp"
#include "registry_db.hpp"

namespace registry {

struct IntakeKeys {
  std::vector<hal::Bytes> station_anchors;  // DER
  EVP_PKEY* decryption_key = nullptr;
  X509* decryption_certificate = nullptr;
  hal::KeyStore* receipt_keys = nullptr;
  std::string receipt_key_id = "registry-receipts";
};

struct IntakeResult {
  bool accepted = false;
  int http_status = 200;
  std::string reason;  // when refused
  hal::Bytes receipt;
};

IntakeResult take_in(RegistryDb& db, const IntakeKeys& keys, const std::string& batch_id, hal::ByteView file);

}  // namespace registry
