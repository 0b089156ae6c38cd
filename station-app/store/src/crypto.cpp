#include "crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstdio>

namespace station::store {

namespace {

using hal::ErrorCode;

using cms::ossl::CipherCtx;
using cms::ossl::MdCtx;
using cms::ossl::Pkey;
using cms::ossl::PkeyCtx;

hal::Error openssl_failed(const char* what) {
  unsigned long code = ERR_get_error();
  char reason[256] = "no reason given";
  if (code != 0) ERR_error_string_n(code, reason, sizeof reason);
  ERR_clear_error();
  return hal::make_error(ErrorCode::kInternal, std::string("OpenSSL failed to ") + what + ": " + reason);
}

Pkey parse_spki(hal::ByteView spki) {
  const unsigned char* cursor = spki.data();
  return Pkey(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(spki.size())));
}

int as_int(std::size_t size) { return static_cast<int>(size); }

}  // namespace

void wipe(hal::Bytes& bytes) {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
}

hal::Result<DataKey> DataKey::generate() {
  DataKey key;
  if (RAND_bytes(key.key_.data(), as_int(kSize)) != 1) return openssl_failed("make a random data key");
  return key;
}

hal::Result<DataKey> DataKey::adopt(hal::Bytes& raw) {
  if (raw.size() != kSize) {
    std::size_t size = raw.size();
    wipe(raw);
    return hal::make_error(ErrorCode::kCorrupt,
                           "an unwrapped data key has " + std::to_string(size) + " bytes instead of 32");
  }
  DataKey key;
  std::copy(raw.begin(), raw.end(), key.key_.begin());
  wipe(raw);
  return key;
}

DataKey::DataKey(DataKey&& other) noexcept : key_(std::move(other.key_)) { other.key_.clear(); }

DataKey& DataKey::operator=(DataKey&& other) noexcept {
  if (this != &other) {
    wipe(key_);
    key_ = std::move(other.key_);
    other.key_.clear();
  }
  return *this;
}

DataKey::~DataKey() { wipe(key_); }

hal::Result<hal::Bytes> random_bytes(std::size_t count) {
  hal::Bytes out(count);
  if (RAND_bytes(out.data(), as_int(count)) != 1) return openssl_failed("make random bytes");
  return out;
}

hal::Result<hal::Bytes> aes_gcm_seal(const DataKey& key, hal::ByteView aad, hal::ByteView plaintext) {
  auto nonce = random_bytes(kGcmNonceSize);
  if (!nonce) return nonce.error();
  hal::Bytes out(kGcmNonceSize + plaintext.size() + kGcmTagSize);
  std::copy(nonce->begin(), nonce->end(), out.begin());
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int length = 0;
  int final_length = 0;
  std::uint8_t* body = out.data() + kGcmNonceSize;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.bytes().data(), nonce->data()) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &length, aad.data(), as_int(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), body, &length, plaintext.data(), as_int(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), body + length, &final_length) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, as_int(kGcmTagSize), body + plaintext.size()) != 1) {
    return openssl_failed("encrypt a record with AES-256-GCM");
  }
  return out;
}

hal::Result<hal::Bytes> aes_gcm_open(const DataKey& key, hal::ByteView aad, hal::ByteView sealed) {
  if (sealed.size() < kGcmNonceSize + kGcmTagSize) {
    return hal::make_error(ErrorCode::kCorrupt, "the encrypted record is " + std::to_string(sealed.size()) +
                                                    " bytes long, too short to hold a nonce and a tag");
  }
  std::size_t body_size = sealed.size() - kGcmNonceSize - kGcmTagSize;
  hal::Bytes plaintext(body_size);
  hal::Bytes tag(sealed.end() - kGcmTagSize, sealed.end());
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int length = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.bytes().data(), sealed.data()) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &length, aad.data(), as_int(aad.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), plaintext.data(), &length, sealed.data() + kGcmNonceSize, as_int(body_size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, as_int(kGcmTagSize), tag.data()) != 1) {
    return openssl_failed("decrypt a record with AES-256-GCM");
  }
  int final_length = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), plaintext.data() + length, &final_length) != 1) {
    ERR_clear_error();
    wipe(plaintext);
    return hal::make_error(ErrorCode::kCorrupt,
                           "the encrypted record fails its authentication tag: it was changed, moved from another "
                           "record, or wrapped with another key");
  }
  return plaintext;
}

hal::Result<WrapKey> WrapKey::from_spki(hal::ByteView spki, std::string_view key_id) {
  Pkey key = parse_spki(spki);
  if (!key) {
    ERR_clear_error();
    return hal::make_error(ErrorCode::kCorrupt, "the public key of '" + std::string(key_id) + "' does not parse");
  }
  if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    return hal::make_error(ErrorCode::kUnsupported,
                           "key '" + std::string(key_id) +
                               "' is not an RSA key; the store wraps data keys with RSA-OAEP, so [store] wrap_key "
                               "must name an RSA key");
  }
  return WrapKey(key.release());
}

hal::Result<hal::Bytes> WrapKey::wrap(const DataKey& key) const {
  PkeyCtx ctx(EVP_PKEY_CTX_new(key_.get(), nullptr));
  size_t length = 0;
  if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256()) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256()) != 1 ||
      EVP_PKEY_encrypt(ctx.get(), nullptr, &length, key.bytes().data(), key.bytes().size()) != 1) {
    return openssl_failed("wrap a data key with RSA-OAEP");
  }
  hal::Bytes wrapped(length);
  if (EVP_PKEY_encrypt(ctx.get(), wrapped.data(), &length, key.bytes().data(), key.bytes().size()) != 1) {
    return openssl_failed("wrap a data key with RSA-OAEP");
  }
  wrapped.resize(length);
  return wrapped;
}

hal::Result<bool> ecdsa_signature_valid(hal::ByteView spki, hal::ByteView message, hal::ByteView signature) {
  Pkey key = parse_spki(spki);
  if (!key) {
    ERR_clear_error();
    return hal::make_error(ErrorCode::kCorrupt, "the station's signing public key does not parse");
  }
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
    return openssl_failed("set up a signature check");
  }
  int verdict = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size());
  ERR_clear_error();
  return verdict == 1;
}

hal::Result<std::string> new_uuid() {
  auto raw = random_bytes(16);
  if (!raw) return raw.error();
  auto& b = *raw;
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return std::string(text);
}

}  // namespace station::store
