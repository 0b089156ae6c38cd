#include "station/sync/signed_message.hpp"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>

#include "station/cms/openssl.hpp"
#include "station/cms/signed_data_layout.hpp"
#include "station/cms/der.hpp"
#include "station/cms/tlv.hpp"

namespace station::sync {

namespace ossl = cms::ossl;

namespace {

using hal::ErrorCode;

constexpr const char* kContentHintsOid = "1.2.840.113549.1.9.16.2.4";

hal::Result<ossl::X509Ptr> parse_certificate(hal::ByteView der, const std::string& what) {
  const unsigned char* p = der.data();
  ossl::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert) return hal::make_error(ErrorCode::kCorrupt, what + ": certificate does not parse");
  return cert;
}

std::string subject_of(X509* cert) {
  char name[512];
  X509_NAME_oneline(X509_get_subject_name(cert), name, sizeof name);
  return name;
}

std::string oid_text(const ASN1_OBJECT* object) {
  char text[128];
  OBJ_obj2txt(text, sizeof text, object, 1);
  return text;
}

// The description inside ContentHints ::= SEQUENCE { contentDescription
// UTF8String OPTIONAL, contentType OBJECT IDENTIFIER }.
std::optional<std::string> content_description(CMS_SignerInfo* si) {
  ASN1_OBJECT* hints = OBJ_txt2obj(kContentHintsOid, 1);
  const int index = CMS_signed_get_attr_by_OBJ(si, hints, -1);
  ASN1_OBJECT_free(hints);
  if (index < 0) return std::nullopt;
  ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, index), 0);
  if (value == nullptr || value->type != V_ASN1_SEQUENCE) return std::nullopt;
  const ASN1_STRING* seq = value->value.sequence;
  hal::ByteView body(ASN1_STRING_get0_data(seq), static_cast<std::size_t>(ASN1_STRING_length(seq)));
  cms::TlvReader outer(body, "contentHints");
  auto s = outer.expect(cms::der::kSequence);
  if (!s) return std::nullopt;
  cms::TlvReader inner(s->value, "contentHints");
  auto text = inner.optional(cms::der::kUtf8String);
  if (!text || !*text) return std::nullopt;
  return std::string((*text)->value.begin(), (*text)->value.end());
}

std::string common_name_of(X509* cert) {
  char name[256] = {0};
  const int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, name, sizeof name);
  return n > 0 ? std::string(name, static_cast<std::size_t>(n)) : std::string();
}

bool has_usage(X509* cert, const std::string& oid) {
  auto* usages = static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr));
  bool found = false;
  for (int i = 0; usages != nullptr && i < sk_ASN1_OBJECT_num(usages); ++i) {
    found = found || oid_text(sk_ASN1_OBJECT_value(usages, i)) == oid;
  }
  EXTENDED_KEY_USAGE_free(usages);
  return found;
}

std::string sources_of(const std::vector<RevocationList>& crls) {
  std::string out;
  for (const auto& crl : crls) out += (out.empty() ? "" : ", ") + crl.source;
  return out;
}

std::string serial_of(X509* cert) {
  hal::Bytes serial(static_cast<std::size_t>(ASN1_STRING_length(X509_get0_serialNumber(cert))));
  std::copy_n(ASN1_STRING_get0_data(X509_get0_serialNumber(cert)), serial.size(), serial.begin());
  return hal::to_hex(serial);
}

// Why a chain failed, in the words a technician needs.
hal::Error chain_error(int reason, const std::string& what, const std::string& signer, X509* leaf,
                       const Trust& trust) {
  std::string why = X509_verify_cert_error_string(reason);
  if (reason == X509_V_ERR_CERT_REVOKED)
    why = "that certificate (serial " + serial_of(leaf) + ") is revoked by the revocation list " +
          sources_of(trust.crls);
  if (reason == X509_V_ERR_UNABLE_TO_GET_CRL)
    why = "none of the revocation lists " + sources_of(trust.crls) + " is from its issuer";
  if (reason == X509_V_ERR_CERT_HAS_EXPIRED) why = "the certificate has expired (renew it, or check the station's clock)";
  if (reason == X509_V_ERR_CERT_NOT_YET_VALID) why = "the certificate is not valid yet (check the station's clock)";
  if (reason == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY || reason == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT)
    why = "the signer is not certified by a trusted authority";
  return hal::make_error(ErrorCode::kPermissionDenied, what + " signed by '" + signer + "': " + why);
}

hal::Result<ossl::Store> trust_store(const Trust& trust, const std::string& what) {
  ossl::Store store(X509_STORE_new());
  for (const auto& der : trust.anchors) {
    auto cert = parse_certificate(der, what + " trust anchor");
    if (!cert) return cert.error();
    X509_STORE_add_cert(store.get(), cert->get());
  }
  for (const auto& list : trust.crls) {
    auto checked = check_revocation_list(list, trust.anchors, trust.at);
    if (!checked) return hal::make_error(checked.error().code, what + ": " + checked.error().message);
    const unsigned char* p = list.der.data();
    X509_CRL* crl = d2i_X509_CRL(nullptr, &p, static_cast<long>(list.der.size()));
    X509_STORE_add_crl(store.get(), crl);
    X509_CRL_free(crl);
  }
  X509_VERIFY_PARAM* param = X509_STORE_get0_param(store.get());
  // The leaf is checked against its CA's list; the anchors are the CAs.
  if (!trust.crls.empty()) X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK);
  X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(trust.at));
  // A batch or receipt certificate is not an e-mail certificate: any purpose
  // the CA granted is enough, keyUsage still has to allow signing.
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_ANY);
  return store;
}

}  // namespace

hal::Result<SignedMessage> verify_signed_message(hal::ByteView cms_der, const Trust& trust, const std::string& what) {
  ERR_clear_error();
  const unsigned char* p = cms_der.data();
  ossl::Cms cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(cms_der.size())));
  if (!cms || p != cms_der.data() + cms_der.size())
    return hal::make_error(ErrorCode::kCorrupt, what + " is not a CMS message (damaged or truncated)");
  if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed)
    return hal::make_error(ErrorCode::kCorrupt, what + " is not CMS SignedData");
  HAL_TRY(cms::check_signed_data_layout(cms_der, what));
  STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms.get());
  if (sk_CMS_SignerInfo_num(signers) != 1) return hal::make_error(ErrorCode::kCorrupt, what + " must have exactly one signer");
  STACK_OF(X509)* certs = CMS_get1_certs(cms.get());
  X509* signer_cert = nullptr;
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(signers, 0);
  for (int i = 0; certs != nullptr && i < sk_X509_num(certs); ++i)
    if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0) signer_cert = sk_X509_value(certs, i);
  if (signer_cert == nullptr) {
    sk_X509_pop_free(certs, X509_free);
    return hal::make_error(ErrorCode::kCorrupt, what + " does not carry its signer's certificate");
  }
  SignedMessage out;
  out.signer = subject_of(signer_cert);
  out.signer_common_name = common_name_of(signer_cert);
  out.signer_certificate = ossl::to_der(signer_cert, i2d_X509);
  const bool usage_ok = trust.required_usage.empty() || has_usage(signer_cert, trust.required_usage);
  sk_X509_pop_free(certs, X509_free);
  if (!usage_ok) {
    return hal::make_error(ErrorCode::kPermissionDenied,
                           what + " signed by '" + out.signer + "': that certificate is not for signing " + what +
                               "s (its extendedKeyUsage lacks " + trust.required_usage +
                               "); the registry's TLS or encryption key cannot stand in for its receipt key");
  }

  auto store = trust_store(trust, what);
  if (!store) return store.error();
  ossl::Bio content(BIO_new(BIO_s_mem()));
  if (CMS_verify(cms.get(), nullptr, store->get(), nullptr, content.get(), CMS_BINARY) != 1) {
    const unsigned long code = ERR_peek_last_error();
    const int reason = ERR_GET_REASON(code);
    ERR_clear_error();
    if (ERR_GET_LIB(code) == ERR_LIB_CMS && reason == CMS_R_CERTIFICATE_VERIFY_ERROR) {
      // Verify the chain again on its own to learn why.
      ossl::StoreCtx ctx(X509_STORE_CTX_new());
      auto leaf = parse_certificate(out.signer_certificate, what);
      if (!leaf) return leaf.error();
      X509_STORE_CTX_init(ctx.get(), store->get(), leaf->get(), nullptr);
      X509_verify_cert(ctx.get());
      return chain_error(X509_STORE_CTX_get_error(ctx.get()), what, out.signer, leaf->get(), trust);
    }
    return hal::make_error(ErrorCode::kCorrupt, what + ": the signature does not verify (changed, damaged or forged)");
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(content.get(), &data);
  out.content.assign(reinterpret_cast<std::uint8_t*>(data), reinterpret_cast<std::uint8_t*>(data) + length);
  out.content_type = oid_text(CMS_get0_eContentType(cms.get()));
  out.content_description = content_description(si);
  return out;
}

hal::Result<std::vector<hal::Bytes>> read_certificates(hal::ByteView pem_or_der, const std::string& what) {
  std::vector<hal::Bytes> out;
  if (!pem_or_der.empty() && pem_or_der[0] == 0x30) {
    auto cert = parse_certificate(pem_or_der, what);
    if (!cert) return cert.error();
    out.emplace_back(pem_or_der.begin(), pem_or_der.end());
    return out;
  }
  ossl::Bio bio(BIO_new_mem_buf(pem_or_der.data(), static_cast<int>(pem_or_der.size())));
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    out.push_back(ossl::to_der(cert, i2d_X509));
    X509_free(cert);
  }
  ERR_clear_error();
  if (out.empty()) return hal::make_error(ErrorCode::kCorrupt, what + ": no certificate in it");
  return out;
}

}  // namespace station::sync
