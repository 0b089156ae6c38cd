#include "tls_identity.hpp"

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <ctime>

#include "hal/files.hpp"
#include "station/cms/openssl.hpp"
#include "station/sync/manifest.hpp"

namespace station::sync {

namespace {

using hal::ErrorCode;

std::chrono::system_clock::time_point to_time_point(const ASN1_TIME* t) {
  std::tm parts{};
  ASN1_TIME_to_tm(t, &parts);
  return std::chrono::system_clock::from_time_t(timegm(&parts));
}

hal::Error expired(const std::string& path, std::chrono::system_clock::time_point when,
                   std::chrono::system_clock::time_point now) {
  return hal::make_error(ErrorCode::kPermissionDenied,
                         "this station's TLS certificate (" + path + ") expired on " + utc_text(when) +
                             " (station time " + utc_text(now) +
                             "); ask the technician to renew or re-issue the station's TLS certificate, or to set "
                             "the clock if it is wrong");
}

constexpr hal::FileKind kTlsKeyFile{"TLS key file", 1 * hal::kMiB};

}  // namespace

hal::Status check_client_key(const std::string& key) {
  if (key.rfind("pkcs11:", 0) == 0) return {};
  auto pem = hal::read_regular_file(key, kTlsKeyFile);
  if (!pem) return hal::make_error(pem.error().code, "the station's TLS key ([sync] tls_key): " + pem.error().message);
  OPENSSL_cleanse(pem->data(), pem->size());
  return {};
}

hal::Status check_client_certificate(const std::string& path, std::chrono::system_clock::time_point now) {
  auto pem = hal::read_regular_file(path, hal::kCertificateFile);
  if (!pem) return hal::make_error(pem.error().code, "the station's TLS certificate: " + pem.error().message);
  cms::ossl::Bio bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())));
  cms::ossl::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert)
    return hal::make_error(ErrorCode::kCorrupt, "the station's TLS certificate " + path + " holds no PEM certificate (" +
                                                    cms::ossl::last_error("unreadable") + ")");
  time_t at = std::chrono::system_clock::to_time_t(now);
  const ASN1_TIME* not_after = X509_get0_notAfter(cert.get());
  if (X509_cmp_time(not_after, &at) < 0) return expired(path, to_time_point(not_after), now);
  return {};
}

}  // namespace station::sync
