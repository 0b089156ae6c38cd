// OpenSSL handles owned by unique_ptr, and OpenSSL's error queue in words:
// the one set every station-app library that holds OpenSSL objects uses
// (card, its access control, store, sync). Include it from sources only, so
// that no OpenSSL type appears in another library's public header.
// drivers/keys keeps its own (src/openssl_ptr.hpp): drivers may not include
// station-app.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::cms::ossl {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};

using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using Store = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using StoreCtx = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using Cms = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo_free>>;
using Md = std::unique_ptr<EVP_MD, Deleter<EVP_MD_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using Cipher = std::unique_ptr<EVP_CIPHER, Deleter<EVP_CIPHER_free>>;
using Mac = std::unique_ptr<EVP_MAC, Deleter<EVP_MAC_free>>;
using MacCtx = std::unique_ptr<EVP_MAC_CTX, Deleter<EVP_MAC_CTX_free>>;
// Numbers and points may be secrets (private scalars, shared points): the
// clearing frees.
using Bn = std::unique_ptr<BIGNUM, Deleter<BN_clear_free>>;
using BnCtx = std::unique_ptr<BN_CTX, Deleter<BN_CTX_free>>;
using EcGroup = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP_free>>;
using EcPoint = std::unique_ptr<EC_POINT, Deleter<EC_POINT_clear_free>>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;

// The oldest error in the queue (which is then cleared), or `fallback`.
std::string last_error(const char* fallback);

// DER of an OpenSSL object through its i2d function.
template <typename T, typename F>
hal::Bytes to_der(T* object, F i2d) {
  const int length = i2d(object, nullptr);
  if (length <= 0) return {};
  hal::Bytes out(static_cast<std::size_t>(length));
  unsigned char* p = out.data();
  i2d(object, &p);
  return out;
}

}  // namespace station::cms::ossl
