#include "openssl_fixtures.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdlib>
#include <cstring>
#include <fstream>

#include "cmocka.hpp"

namespace keys_test {

namespace {

struct FreeBio {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct FreeContext {
  void operator()(EVP_PKEY_CTX* context) const { EVP_PKEY_CTX_free(context); }
};
struct FreeDigest {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

[[noreturn]] void openssl_failed(const char* what) {
  char reason[256] = "no reason queued";
  if (unsigned long code = ERR_get_error()) ERR_error_string_n(code, reason, sizeof reason);
  ERR_clear_error();
  fail_msg("test fixture: %s failed: %s", what, reason);
  std::abort();  // fail_msg jumps out of the test; this is never reached
}

void check(int ok, const char* what) {
  if (ok != 1) openssl_failed(what);
}

std::unique_ptr<BIO, FreeBio> writable(const std::filesystem::path& path) {
  std::unique_ptr<BIO, FreeBio> bio(BIO_new_file(path.c_str(), "w"));
  if (!bio) openssl_failed("opening a file");
  return bio;
}

Certificate parse_certificate(const hal::Bytes& der) {
  const unsigned char* cursor = der.data();
  Certificate certificate(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
  if (!certificate) openssl_failed("parsing a DER certificate");
  return certificate;
}

template <typename Encode, typename T>
hal::Bytes der(Encode encode, const T* object) {
  int length = encode(object, nullptr);
  if (length <= 0) openssl_failed("DER encoding");
  hal::Bytes out(static_cast<std::size_t>(length));
  unsigned char* cursor = out.data();
  encode(object, &cursor);
  return out;
}

}  // namespace

Key generate_ec(const char* curve) {
  Key key(EVP_EC_gen(curve));
  if (!key) openssl_failed("EC key generation");
  return key;
}

Key generate_rsa(unsigned int bits) {
  Key key(EVP_RSA_gen(bits));
  if (!key) openssl_failed("RSA key generation");
  return key;
}

void write_key_pem(const std::filesystem::path& path, EVP_PKEY* key, const char* passphrase) {
  auto bio = writable(path);
  const EVP_CIPHER* cipher = passphrase != nullptr ? EVP_aes_256_cbc() : nullptr;
  int pass_length = passphrase != nullptr ? static_cast<int>(std::strlen(passphrase)) : 0;
  check(PEM_write_bio_PKCS8PrivateKey(bio.get(), key, cipher, passphrase, pass_length, nullptr, nullptr),
        "writing a PEM key");
}

Certificate self_signed(EVP_PKEY* key, const char* common_name) {
  Certificate certificate(X509_new());
  if (!certificate) openssl_failed("X509_new");
  X509* c = certificate.get();
  check(X509_set_version(c, 2), "X509_set_version");
  check(ASN1_INTEGER_set(X509_get_serialNumber(c), 1), "serial");
  X509_gmtime_adj(X509_getm_notBefore(c), 0);
  X509_gmtime_adj(X509_getm_notAfter(c), 86400L * 365);
  X509_NAME* name = X509_get_subject_name(c);
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1,
                                   -1, 0),
        "subject");
  check(X509_set_issuer_name(c, name), "issuer");
  check(X509_set_pubkey(c, key), "public key");
  if (X509_sign(c, key, EVP_sha256()) <= 0) openssl_failed("X509_sign");
  return certificate;
}

void write_certificate_pem(const std::filesystem::path& path, X509* certificate) {
  auto bio = writable(path);
  check(PEM_write_bio_X509(bio.get(), certificate), "writing a PEM certificate");
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

hal::Bytes certificate_der(X509* certificate) { return der(i2d_X509, certificate); }

hal::Bytes spki_der(EVP_PKEY* key) { return der(i2d_PUBKEY, key); }

hal::Bytes certified_spki(const hal::Bytes& certificate) {
  return spki_der(X509_get0_pubkey(parse_certificate(certificate).get()));
}

bool verifies(const hal::Bytes& certificate, hal::ByteView message, hal::ByteView signature,
              hal::SignatureScheme scheme) {
  Certificate parsed = parse_certificate(certificate);
  std::unique_ptr<EVP_MD_CTX, FreeDigest> digest(EVP_MD_CTX_new());
  EVP_PKEY_CTX* context = nullptr;
  check(EVP_DigestVerifyInit(digest.get(), &context, EVP_sha256(), nullptr, X509_get0_pubkey(parsed.get())),
        "EVP_DigestVerifyInit");
  if (scheme == hal::SignatureScheme::kRsaPssSha256) {
    check(EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING), "PSS padding");
    check(EVP_PKEY_CTX_set_rsa_pss_saltlen(context, 32), "PSS salt length");
    check(EVP_PKEY_CTX_set_rsa_mgf1_md(context, EVP_sha256()), "MGF1 digest");
  }
  int verdict = EVP_DigestVerify(digest.get(), signature.data(), signature.size(), message.data(), message.size());
  ERR_clear_error();
  return verdict == 1;
}

hal::Bytes encrypt_oaep(const hal::Bytes& certificate, hal::ByteView plaintext) {
  Certificate parsed = parse_certificate(certificate);
  std::unique_ptr<EVP_PKEY_CTX, FreeContext> context(EVP_PKEY_CTX_new(X509_get0_pubkey(parsed.get()), nullptr));
  check(EVP_PKEY_encrypt_init(context.get()), "EVP_PKEY_encrypt_init");
  check(EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_OAEP_PADDING), "OAEP padding");
  check(EVP_PKEY_CTX_set_rsa_oaep_md(context.get(), EVP_sha256()), "OAEP digest");
  check(EVP_PKEY_CTX_set_rsa_mgf1_md(context.get(), EVP_sha256()), "MGF1 digest");
  std::size_t length = 0;
  check(EVP_PKEY_encrypt(context.get(), nullptr, &length, plaintext.data(), plaintext.size()), "OAEP size");
  hal::Bytes out(length);
  check(EVP_PKEY_encrypt(context.get(), out.data(), &length, plaintext.data(), plaintext.size()), "OAEP");
  out.resize(length);
  return out;
}

hal::Bytes derive(EVP_PKEY* key, const hal::Bytes& peer_spki) {
  const unsigned char* cursor = peer_spki.data();
  Key peer(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(peer_spki.size())));
  if (!peer) openssl_failed("parsing the peer's SubjectPublicKeyInfo");
  std::unique_ptr<EVP_PKEY_CTX, FreeContext> context(EVP_PKEY_CTX_new(key, nullptr));
  check(EVP_PKEY_derive_init(context.get()), "EVP_PKEY_derive_init");
  check(EVP_PKEY_derive_set_peer(context.get(), peer.get()), "EVP_PKEY_derive_set_peer");
  std::size_t length = 0;
  check(EVP_PKEY_derive(context.get(), nullptr, &length), "ECDH size");
  hal::Bytes out(length);
  check(EVP_PKEY_derive(context.get(), out.data(), &length), "ECDH");
  out.resize(length);
  return out;
}

hal::Bytes bytes_of(std::string_view text) { return hal::Bytes(text.begin(), text.end()); }

}  // namespace keys_test
