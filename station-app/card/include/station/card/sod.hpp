// EF.SOD, the Document Security Object (Doc 9303 part 10 section 4.6.2 and
// part 12): a CMS SignedData (RFC 5652) over the LDSSecurityObject, which
// lists the hash of every data group, signed by the document signer.
//
// Built here with our own DER, the signature coming from hal::KeyStore: the
// document-signer key lives in a token that only signs, so the signed
// attributes are encoded here and their DER is what the token signs.
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/key_store.hpp"
#include "hal/result.hpp"

namespace station::card {

inline constexpr const char* kLdsSecurityObjectOid = "2.23.136.1.1.1";

struct DataGroupHash {
  int data_group = 0;
  hal::Bytes hash;
  friend bool operator==(const DataGroupHash&, const DataGroupHash&) = default;
};

struct LdsSecurityObject {
  std::string hash_algorithm;  // OID
  std::vector<DataGroupHash> hashes;
};

// LDSSecurityObject V0 with SHA-256, hashes in the order given.
hal::Bytes build_lds_security_object(const std::vector<DataGroupHash>& hashes);
hal::Result<LdsSecurityObject> parse_lds_security_object(hal::ByteView der);

struct SodSigner {
  hal::KeyStore* keys = nullptr;
  std::string key_id;                 // the document-signer key ("document-signer")
  std::time_t signing_time = 0;       // written as the signingTime attribute
};

// EF.SOD (77 { ContentInfo }) with SHA-256 and the signer's certificate
// included. The signature scheme follows the certificate's key: ECDSA for EC
// keys, RSASSA-PKCS1-v1_5 for RSA. Errors: those of KeyStore::certificate and
// sign, kCorrupt when the certificate does not parse.
hal::Result<hal::Bytes> build_sod(const std::vector<DataGroupHash>& hashes, const SodSigner& signer);

struct SodParts {
  hal::Bytes content_info;  // the CMS ContentInfo inside tag 77
  std::string content_type;
  hal::Bytes lds_security_object;  // eContent
  LdsSecurityObject security_object;
  std::vector<hal::Bytes> certificates;
};

// The structure of EF.SOD, without checking any signature (see
// passive_authentication.hpp). kCorrupt naming what is wrong.
hal::Result<SodParts> parse_sod(hal::ByteView file);

}  // namespace station::card
