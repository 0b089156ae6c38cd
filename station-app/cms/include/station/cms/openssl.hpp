// OpenSSL handles owned by unique_ptr, and OpenSSL's error queue in words.
// Private to station_card: no OpenSSL type appears in a public header.
#pragma once

#include <openssl/bio.h>
#include <openssl/cms.h>
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
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;

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
