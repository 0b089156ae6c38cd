// A batch file: the dossiers of one batch encrypted to the registry (CMS
// AuthEnvelopedData, AES-256-GCM, RSA-OAEP key transport) inside a CMS
// SignedData by the station key through hal::KeyStore, with the manifest
// in clear in the signed attributes, so a relay checks origin, integrity and
// chain position without decrypting. `openssl cms -verify` then
// `openssl cms -decrypt` read it (README.md).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/key_store.hpp"
#include "hal/result.hpp"
#include "station/sync/manifest.hpp"
#include "station/sync/signed_message.hpp"

namespace station::sync {

struct BatchDossier {
  std::string id;
  hal::Bytes record;  // its ANSI/NIST-ITL transaction (registry_record.hpp)
};

struct BatchSigner {
  hal::KeyStore* keys = nullptr;
  std::string key_id = "station-ec";
  std::chrono::system_clock::time_point at;
};

struct BuiltBatch {
  Manifest manifest;
  hal::Bytes bytes;  // the batch file (DER)
  hal::Bytes hash;   // SHA-256 of bytes: the next batch's previous_hash
};

// `header` holds the batch id, station, sequence, previous hash and time;
// the dossier entries are computed here. `registry_certificate` is DER.
// Errors: kInvalidArgument (no dossiers, or the registry certificate has no
// RSA key), the key store's errors from signing.
hal::Result<BuiltBatch> build_batch(Manifest header, const std::vector<BatchDossier>& dossiers,
                                    hal::ByteView registry_certificate, const BatchSigner& signer);

// A batch whose signature holds, as a relay or the registry sees it.
struct OpenedBatch {
  Manifest manifest;
  std::string manifest_text;  // exactly as signed
  hal::Bytes envelope;        // DER ContentInfo of the AuthEnvelopedData
  hal::Bytes hash;            // SHA-256 of the whole file
  std::string signer;
  hal::Bytes signer_certificate;
};

// Verifies the station's signature (kCorrupt, kPermissionDenied as
// verify_signed_message), reads the manifest (kCorrupt when missing or
// malformed) and binds it to the signer: kPermissionDenied unless the
// signer certificate's commonName is the manifest's station.
hal::Result<OpenedBatch> open_batch(hal::ByteView file, const Trust& stations);

// The decrypted content: checked against the signed manifest (the same
// manifest inside, every dossier's SHA-256 as listed). kCorrupt otherwise.
hal::Result<std::vector<BatchDossier>> read_batch_content(hal::ByteView plaintext, const std::string& manifest_text);

}  // namespace station::sync
