#include "station/sync/revocation.hpp"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <ctime>

#include "station/cms/openssl.hpp"
#include "station/sync/manifest.hpp"

namespace station::sync {

namespace ossl = cms::ossl;

namespace {

using hal::ErrorCode;
using Clock = std::chrono::system_clock;
using CrlPtr = std::unique_ptr<X509_CRL, ossl::Deleter<X509_CRL_free>>;

CrlPtr parse(hal::ByteView der) {
  const unsigned char* p = der.data();
  CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));
  if (crl && p != der.data() + der.size()) crl.reset();
  return crl;
}

Clock::time_point time_of(const ASN1_TIME* t) {
  std::tm parts{};
  ASN1_TIME_to_tm(t, &parts);
  return Clock::from_time_t(timegm(&parts));
}

std::string name_text(const X509_NAME* name) {
  char text[512];
  X509_NAME_oneline(name, text, sizeof text);
  return text;
}

hal::Error refused(const RevocationList& list, const std::string& why) {
  return hal::make_error(ErrorCode::kPermissionDenied, "the revocation list " + list.source + " " + why +
                                                           "; a technician installs a current one from the CA "
                                                           "(station crl install FILE --as TECH)");
}

// The anchor whose subject is the list's issuer and whose key signed it.
hal::Status signed_by_an_anchor(X509_CRL* crl, const RevocationList& list, const std::vector<hal::Bytes>& anchors) {
  for (const auto& der : anchors) {
    const unsigned char* p = der.data();
    ossl::X509Ptr anchor(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!anchor || X509_NAME_cmp(X509_get_subject_name(anchor.get()), X509_CRL_get_issuer(crl)) != 0) continue;
    const bool valid = X509_CRL_verify(crl, X509_get0_pubkey(anchor.get())) == 1;
    ERR_clear_error();
    if (valid) return {};
    return refused(list, "does not carry a valid signature of " + name_text(X509_CRL_get_issuer(crl)) +
                             " (changed, or signed by another key)");
  }
  return refused(list, "is issued by " + name_text(X509_CRL_get_issuer(crl)) +
                           ", which is not the CA it is configured for");
}

}  // namespace

hal::Result<RevocationList> read_revocation_list(hal::ByteView pem_or_der, const std::string& source) {
  RevocationList out{{}, source};
  if (!pem_or_der.empty() && pem_or_der[0] == 0x30) {
    out.der.assign(pem_or_der.begin(), pem_or_der.end());
  } else {
    ossl::Bio bio(BIO_new_mem_buf(pem_or_der.data(), static_cast<int>(pem_or_der.size())));
    CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
    if (crl) out.der = ossl::to_der(crl.get(), i2d_X509_CRL);
  }
  ERR_clear_error();
  CrlPtr crl = parse(out.der);
  if (!crl) return hal::make_error(ErrorCode::kCorrupt, "the revocation list " + source + " does not parse as a CRL");
  if (X509_CRL_get0_nextUpdate(crl.get()) == nullptr) {
    return hal::make_error(ErrorCode::kCorrupt,
                           "the revocation list " + source + " has no nextUpdate, so its freshness cannot be judged");
  }
  return out;
}

hal::Result<RevocationListInfo> describe_revocation_list(const RevocationList& list) {
  CrlPtr crl = parse(list.der);
  if (!crl || X509_CRL_get0_nextUpdate(crl.get()) == nullptr)
    return hal::make_error(ErrorCode::kCorrupt, "the revocation list " + list.source + " does not parse as a CRL");
  RevocationListInfo info;
  info.issuer = name_text(X509_CRL_get_issuer(crl.get()));
  info.this_update = time_of(X509_CRL_get0_lastUpdate(crl.get()));
  info.next_update = time_of(X509_CRL_get0_nextUpdate(crl.get()));
  STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl.get());
  info.revoked = revoked ? static_cast<std::size_t>(sk_X509_REVOKED_num(revoked)) : 0;
  return info;
}

hal::Result<RevocationListInfo> check_revocation_list(const RevocationList& list, const std::vector<hal::Bytes>& anchors,
                                                      Clock::time_point at) {
  auto described = describe_revocation_list(list);
  if (!described) return described.error();
  const RevocationListInfo& info = *described;
  HAL_TRY(signed_by_an_anchor(parse(list.der).get(), list, anchors));
  if (info.this_update > at)
    return refused(list, "is issued " + utc_text(info.this_update) + ", after the station's time " + utc_text(at) +
                             " (check the clock)");
  if (info.next_update <= at)
    return refused(list, "is out of date: its next update was due " + utc_text(info.next_update) +
                             " (station time " + utc_text(at) + ")");
  return described;
}

std::string revocation_list_pem(const RevocationList& list) {
  CrlPtr crl = parse(list.der);
  if (!crl) return {};
  ossl::Bio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_CRL(bio.get(), crl.get());
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

}  // namespace station::sync
