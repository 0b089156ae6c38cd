#include "envelope_writer.hpp"

#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "station/cms/der.hpp"

namespace station::sync {

namespace ossl = cms::ossl;
namespace der = cms::der;

namespace {

using hal::ErrorCode;

constexpr const char* kIdData = "1.2.840.113549.1.7.1";
constexpr const char* kAes256Gcm = "2.16.840.1.101.3.4.1.46";
constexpr const char* kRsaesOaep = "1.2.840.113549.1.1.7";
constexpr const char* kMgf1 = "1.2.840.113549.1.1.8";
constexpr const char* kSha256 = "2.16.840.1.101.3.4.2.1";
constexpr std::size_t kNonceSize = 12;  // RFC 5084 section 3.2: the recommended length
constexpr int kTagBytes = 16;

hal::Error internal(const char* step) { return hal::make_error(ErrorCode::kInternal, std::string(step) + ": " + ossl::last_error("failed")); }

// The content key under RSA-OAEP with SHA-256 and MGF1-SHA-256, no label.
hal::Result<hal::Bytes> wrap_key(EVP_PKEY* key, hal::ByteView content_key) {
  ossl::PkeyCtx ctx(EVP_PKEY_CTX_new(key, nullptr));
  std::size_t length = 0;
  if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) <= 0 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256()) <= 0 ||
      EVP_PKEY_encrypt(ctx.get(), nullptr, &length, content_key.data(), content_key.size()) <= 0)
    return internal("RSA-OAEP");
  hal::Bytes out(length);
  if (EVP_PKEY_encrypt(ctx.get(), out.data(), &length, content_key.data(), content_key.size()) <= 0)
    return internal("RSA-OAEP");
  out.resize(length);
  return out;
}

// KeyTransRecipientInfo (RFC 5652 section 6.2.1), version 0: the registry's
// certificate by issuer and serial number.
hal::Bytes recipient_info(X509* cert, const hal::Bytes& wrapped_key) {
  const hal::Bytes oaep_parameters = der::sequence({
      der::wrap(der::context(0, true), der::algorithm(kSha256)),
      der::wrap(der::context(1, true), der::sequence({der::oid(kMgf1), der::algorithm(kSha256)})),
  });
  return der::sequence({
      der::integer(0),
      der::sequence({ossl::to_der(X509_get_issuer_name(cert), i2d_X509_NAME),
                     ossl::to_der(X509_get0_serialNumber(cert), i2d_ASN1_INTEGER)}),
      der::sequence({der::oid(kRsaesOaep), oaep_parameters}),
      der::octet_string(wrapped_key),
  });
}

// Everything before the ciphertext: ContentInfo, AuthEnvelopedData version
// 0, the recipient, and authEncryptedContentInfo up to the [0] IMPLICIT
// encryptedContent's length. The MAC (OCTET STRING of 16) follows the
// ciphertext.
hal::Bytes envelope_head(const hal::Bytes& recipient, hal::ByteView nonce, std::size_t ciphertext_size) {
  const hal::Bytes algorithm = der::sequence(
      {der::oid(kAes256Gcm), der::sequence({der::octet_string(nonce), der::integer(kTagBytes)})});
  const hal::Bytes content_header = der::header(der::context(0, false), ciphertext_size);
  const hal::Bytes info_start = der::concat({der::oid(kIdData), algorithm, content_header});
  const hal::Bytes info_header = der::header(der::kSequence, info_start.size() + ciphertext_size);
  const hal::Bytes fields_start = der::concat({der::integer(0), der::set_of({recipient}), info_header, info_start});
  const std::size_t fields_size = fields_start.size() + ciphertext_size + 2 + kTagBytes;
  const hal::Bytes fields_header = der::header(der::kSequence, fields_size);
  const hal::Bytes type = der::oid(kAuthEnvelopedDataOid);
  const hal::Bytes explicit_header = der::header(der::context(0, true), fields_header.size() + fields_size);
  const hal::Bytes outer = der::header(der::kSequence, type.size() + explicit_header.size() + fields_header.size() + fields_size);
  return der::concat({outer, type, explicit_header, fields_header, fields_start});
}

}  // namespace

hal::Result<EnvelopeWriter> EnvelopeWriter::open(hal::ByteView certificate, std::size_t plaintext_size) {
  const unsigned char* p = certificate.data();
  ossl::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(certificate.size())));
  if (!cert) return hal::make_error(ErrorCode::kInvalidArgument, "the registry certificate does not parse");
  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
    return hal::make_error(ErrorCode::kInvalidArgument, "the registry certificate must carry an RSA key (RSA-OAEP)");

  std::array<std::uint8_t, 32> content_key{};
  std::array<std::uint8_t, kNonceSize> nonce{};
  if (RAND_bytes(content_key.data(), content_key.size()) != 1 || RAND_bytes(nonce.data(), nonce.size()) != 1)
    return internal("random content key");
  EnvelopeWriter w;
  w.plaintext_size_ = plaintext_size;
  w.cipher_.reset(EVP_CIPHER_CTX_new());
  const bool keyed = w.cipher_ && EVP_EncryptInit_ex(w.cipher_.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
                     EVP_CIPHER_CTX_ctrl(w.cipher_.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1 &&
                     EVP_EncryptInit_ex(w.cipher_.get(), nullptr, nullptr, content_key.data(), nonce.data()) == 1;
  auto wrapped = keyed ? wrap_key(key, content_key) : internal("AES-256-GCM");
  OPENSSL_cleanse(content_key.data(), content_key.size());
  if (!wrapped) return wrapped.error();
  w.head_ = envelope_head(recipient_info(cert.get(), *wrapped), nonce, plaintext_size);
  w.hash_.reset(EVP_MD_CTX_new());
  if (!w.hash_ || EVP_DigestInit_ex(w.hash_.get(), EVP_sha256(), nullptr) != 1) return internal("SHA-256");
  return w;
}

void EnvelopeWriter::emit(hal::ByteView bytes) {
  std::memcpy(out_, bytes.data(), bytes.size());
  EVP_DigestUpdate(hash_.get(), out_, bytes.size());
  out_ += bytes.size();
}

void EnvelopeWriter::begin(std::uint8_t* destination) {
  out_ = destination;
  emit(head_);
}

hal::Status EnvelopeWriter::write(hal::ByteView plaintext) {
  if (plaintext.size() > plaintext_size_ - written_)
    return hal::make_error(ErrorCode::kInternal, "batch envelope: more plaintext than announced");
  // GCM keeps the ciphertext as long as the plaintext; each piece is hashed
  // while it is still in the cache.
  std::size_t done = 0;
  while (done < plaintext.size()) {
    const int piece = static_cast<int>(std::min<std::size_t>(plaintext.size() - done, 1u << 30));
    int length = 0;
    if (EVP_EncryptUpdate(cipher_.get(), out_, &length, plaintext.data() + done, piece) != 1) return internal("AES-256-GCM");
    EVP_DigestUpdate(hash_.get(), out_, static_cast<std::size_t>(length));
    out_ += length;
    done += static_cast<std::size_t>(piece);
  }
  written_ += plaintext.size();
  return {};
}

hal::Result<hal::Bytes> EnvelopeWriter::close() {
  if (written_ != plaintext_size_)
    return hal::make_error(ErrorCode::kInternal, "batch envelope: " + std::to_string(written_) + " of " +
                                                     std::to_string(plaintext_size_) + " plaintext bytes came");
  int length = 0;
  hal::Bytes tag(kTagSize);
  if (EVP_EncryptFinal_ex(cipher_.get(), out_, &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(cipher_.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag.data()) != 1)
    return internal("AES-256-GCM");
  emit(der::octet_string(tag));
  hal::Bytes digest(32);
  unsigned int digest_length = 0;
  if (EVP_DigestFinal_ex(hash_.get(), digest.data(), &digest_length) != 1) return internal("SHA-256");
  return digest;
}

}  // namespace station::sync
