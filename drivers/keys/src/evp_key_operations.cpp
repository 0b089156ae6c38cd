#include "evp_key_operations.hpp"

#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <array>
#include <string>

#include "openssl_errors.hpp"

namespace drivers::keys {

namespace {

using hal::ErrorCode;

constexpr int kPssSaltLength = 32;  // the hash length, as hal::SignatureScheme promises

// OpenSSL names P-256 "prime256v1" (its short name) or "P-256" (NIST name)
// depending on how the key was made; the NID settles it.
bool is_p256(EVP_PKEY* key) {
  std::array<char, 80> group{};
  std::size_t length = 0;
  if (EVP_PKEY_get_group_name(key, group.data(), group.size(), &length) != 1) return false;
  int nid = OBJ_sn2nid(group.data());
  if (nid == NID_undef) nid = EC_curve_nist2nid(group.data());
  return nid == NID_X9_62_prime256v1;
}

std::string describe_kind(EVP_PKEY* key) {
  const char* type = EVP_PKEY_get0_type_name(key);
  std::string kind = type != nullptr ? type : "unknown-type";
  std::array<char, 80> group{};
  std::size_t length = 0;
  if (EVP_PKEY_get_group_name(key, group.data(), group.size(), &length) == 1) kind += " on " + std::string(group.data());
  return kind;
}

// The two-call OpenSSL idiom: ask for the size, then fill a buffer of it.
template <typename Produce>
hal::Result<hal::Bytes> produce_bytes(Produce produce, ErrorCode code, const std::string& what) {
  std::size_t length = 0;
  if (produce(nullptr, &length) != 1) return openssl_error(code, what);
  hal::Bytes out(length);
  if (produce(out.data(), &length) != 1) return openssl_error(code, what);
  out.resize(length);
  return out;
}

template <typename T, typename Encode>
hal::Result<hal::Bytes> der_encode(const T* object, Encode encode, const std::string& what) {
  int length = encode(object, nullptr);
  if (length <= 0) return openssl_error(ErrorCode::kInternal, "cannot DER-encode " + what);
  hal::Bytes out(static_cast<std::size_t>(length));
  unsigned char* cursor = out.data();
  if (encode(object, &cursor) != length) return openssl_error(ErrorCode::kInternal, "cannot DER-encode " + what);
  return out;
}

hal::Status set_pss_padding(EVP_PKEY_CTX* context) {
  if (EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_pss_saltlen(context, kPssSaltLength) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(context, EVP_sha256()) != 1) {
    return openssl_error(ErrorCode::kInternal, "cannot set up RSA-PSS");
  }
  return {};
}

}  // namespace

hal::Result<hal::KeyType> station_key_type(EVP_PKEY* key, std::string_view key_name) {
  int base = EVP_PKEY_get_base_id(key);
  if (base == EVP_PKEY_RSA) return hal::KeyType::kRsa;
  if (base == EVP_PKEY_EC && is_p256(key)) return hal::KeyType::kEcP256;
  std::string kind = describe_kind(key);
  take_openssl_errors();  // the failed group lookups of a non-EC key are expected
  return hal::make_error(ErrorCode::kUnsupported,
                         std::string(key_name) + " is an unsupported kind of key (" + kind +
                             "); the station uses RSA and EC P-256 keys");
}

hal::Status require_key_type(hal::KeyType actual, hal::KeyType wanted, std::string_view operation,
                             std::string_view key_name) {
  if (actual == wanted) return {};
  return hal::make_error(ErrorCode::kUnsupported, std::string(operation) + " needs " +
                                                      (wanted == hal::KeyType::kRsa ? "an RSA" : "an EC P-256") +
                                                      " key, and " + std::string(key_name) + " is not one");
}

hal::Status check_scheme(hal::KeyType type, hal::SignatureScheme scheme, std::string_view key_name) {
  bool ec_scheme = scheme == hal::SignatureScheme::kEcdsaSha256;
  if (ec_scheme == (type == hal::KeyType::kEcP256)) return {};
  return hal::make_error(ErrorCode::kUnsupported,
                         ec_scheme ? "ECDSA needs an EC key, and " + std::string(key_name) + " is RSA"
                                   : "RSA signatures need an RSA key, and " + std::string(key_name) + " is EC P-256");
}

hal::Result<hal::Bytes> sign_message(EVP_PKEY* key, hal::ByteView message, hal::SignatureScheme scheme,
                                     std::string_view key_name) {
  MdCtxPtr digest(EVP_MD_CTX_new());
  EVP_PKEY_CTX* context = nullptr;  // owned by `digest`
  std::string what = "signing with " + std::string(key_name) + " failed";
  if (!digest || EVP_DigestSignInit(digest.get(), &context, EVP_sha256(), nullptr, key) != 1) {
    return openssl_error(ErrorCode::kInternal, what);
  }
  if (scheme == hal::SignatureScheme::kRsaPssSha256) HAL_TRY(set_pss_padding(context));
  auto produce = [&](unsigned char* out, std::size_t* length) {
    return EVP_DigestSign(digest.get(), out, length, message.data(), message.size());
  };
  return produce_bytes(produce, ErrorCode::kInternal, what);
}

hal::Result<hal::Bytes> decrypt_oaep(EVP_PKEY* key, hal::ByteView ciphertext, std::string_view key_name) {
  PkeyCtxPtr context(EVP_PKEY_CTX_new(key, nullptr));
  if (!context || EVP_PKEY_decrypt_init(context.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(context.get(), EVP_sha256()) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(context.get(), EVP_sha256()) != 1) {
    return openssl_error(ErrorCode::kInternal, "cannot set up RSA-OAEP with " + std::string(key_name));
  }
  auto produce = [&](unsigned char* out, std::size_t* length) {
    return EVP_PKEY_decrypt(context.get(), out, length, ciphertext.data(), ciphertext.size());
  };
  return produce_bytes(produce, ErrorCode::kCorrupt,
                       "a " + std::to_string(ciphertext.size()) + "-byte ciphertext does not decrypt with " +
                           std::string(key_name) + " under RSA-OAEP/SHA-256");
}

hal::Result<PkeyPtr> parse_p256_peer(hal::ByteView peer_spki) {
  const unsigned char* cursor = peer_spki.data();
  PkeyPtr peer(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(peer_spki.size())));
  if (!peer) {
    return openssl_error(ErrorCode::kInvalidArgument, "the peer public key (" + std::to_string(peer_spki.size()) +
                                                          " bytes) is not a DER SubjectPublicKeyInfo");
  }
  if (cursor != peer_spki.data() + peer_spki.size()) {
    return hal::make_error(ErrorCode::kInvalidArgument, "the peer public key has bytes after its SubjectPublicKeyInfo");
  }
  if (EVP_PKEY_get_base_id(peer.get()) != EVP_PKEY_EC || !is_p256(peer.get())) {
    std::string kind = describe_kind(peer.get());
    take_openssl_errors();
    return hal::make_error(ErrorCode::kInvalidArgument, "the peer public key is " + kind + ", not EC P-256");
  }
  return peer;
}

hal::Result<hal::Bytes> derive_ecdh(EVP_PKEY* key, EVP_PKEY* peer, std::string_view key_name) {
  PkeyCtxPtr context(EVP_PKEY_CTX_new(key, nullptr));
  std::string what = "ECDH with " + std::string(key_name) + " failed";
  // Validating the peer's point keeps an off-curve point from leaking key bits.
  if (!context || EVP_PKEY_derive_init(context.get()) != 1 ||
      EVP_PKEY_derive_set_peer_ex(context.get(), peer, 1) != 1) {
    return openssl_error(ErrorCode::kInternal, what);
  }
  auto produce = [&](unsigned char* out, std::size_t* length) { return EVP_PKEY_derive(context.get(), out, length); };
  return produce_bytes(produce, ErrorCode::kInternal, what);
}

hal::Result<hal::Bytes> spki_der(EVP_PKEY* key, std::string_view key_name) {
  return der_encode(key, i2d_PUBKEY, "the public key of " + std::string(key_name));
}

hal::Result<hal::Bytes> certificate_der(X509* certificate, EVP_PKEY* public_key, std::string_view key_name) {
  std::string what = "the certificate of " + std::string(key_name);
  // Comparing encodings works whether the key came from a provider or from
  // the engine, where EVP_PKEY_eq would have to convert one into the other.
  EVP_PKEY* certified = X509_get0_pubkey(certificate);
  if (certified == nullptr) return openssl_error(ErrorCode::kCorrupt, what + " holds no readable public key");
  auto certified_spki = spki_der(certified, what);
  auto key_spki = spki_der(public_key, key_name);
  if (!certified_spki) return certified_spki.error();
  if (!key_spki) return key_spki.error();
  if (*certified_spki != *key_spki) return hal::make_error(ErrorCode::kCorrupt, what + " is for another key");
  return der_encode(certificate, i2d_X509, what);
}

}  // namespace drivers::keys
