// CMS SignedData (RFC 5652) whose signature comes from hal::KeyStore: the
// signing key may live in a token that only signs, so the signed attributes
// are encoded here and their DER is what the token signs. EF.SOD (sod.hpp)
// and the sync batches (station-app/sync) are both built by this.
#pragma once

#include <cstddef>
#include <ctime>
#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/key_store.hpp"
#include "hal/result.hpp"

namespace station::cms {

inline constexpr const char* kSignedDataOid = "1.2.840.113549.1.7.2";
inline constexpr const char* kIdDataOid = "1.2.840.113549.1.7.1";

struct CmsSigner {
  hal::KeyStore* keys = nullptr;
  std::string key_id;            // the KeyStore key whose certificate is included
  std::time_t signing_time = 0;  // written as the signingTime attribute
};

// A signed attribute beyond contentType, signingTime and messageDigest:
// `value` is the DER of its single AttributeValue.
struct CmsAttribute {
  std::string type;  // OID
  hal::Bytes value;
};

// ContentInfo { signedData } (DER) over `content` of type `content_type`,
// SHA-256, the signer's certificate included, one SignerInfo identified by
// issuer and serial number. The scheme follows the certificate's key: ECDSA
// for EC keys, RSASSA-PKCS1-v1_5 for RSA. Errors: those of
// KeyStore::certificate and sign, kCorrupt when the certificate does not
// parse, kUnsupported for another key algorithm.
hal::Result<hal::Bytes> build_signed_data(const std::string& content_type, hal::ByteView content,
                                          const CmsSigner& signer, const std::vector<CmsAttribute>& extra = {});

// The same SignedData around content the caller lays out itself (a batch of
// hundreds of megabytes is encrypted straight into its file, never copied):
// the ContentInfo is head || content || tail. `content_sha256` is the
// content's SHA-256 (the messageDigest attribute). Errors as
// build_signed_data.
struct SignedDataEnds {
  hal::Bytes head;
  hal::Bytes tail;
};
hal::Result<SignedDataEnds> sign_content_digest(const std::string& content_type, std::size_t content_size,
                                                hal::ByteView content_sha256, const CmsSigner& signer,
                                                const std::vector<CmsAttribute>& extra = {});
// The head for content of `content_size` bytes and a tail of `tail_size`
// bytes: a caller that knows the tail's size only roughly reserves room
// with it before signing.
hal::Bytes signed_data_head(const std::string& content_type, std::size_t content_size, std::size_t tail_size);

// The AlgorithmIdentifiers build_signed_data writes (DER), for readers that
// accept nothing else: SHA-256, and ECDSA or RSASSA-PKCS1-v1_5 with SHA-256.
hal::Bytes cms_digest_algorithm();
std::vector<hal::Bytes> cms_signature_algorithms();

}  // namespace station::cms
