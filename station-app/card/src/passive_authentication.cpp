#include "station/card/passive_authentication.hpp"

#include <openssl/pem.h>

#include <algorithm>
#include <iterator>

#include "hal/files.hpp"
#include "station/cms/openssl.hpp"
#include "station/cms/digests.hpp"
#include "station/card/sod.hpp"

namespace station::card {

// The card's files are TLV and DER, EF.SOD a CMS SignedData: the cms room's.
using namespace cms;

namespace {

ossl::X509Ptr parse_certificate(hal::ByteView der) {
  const unsigned char* p = der.data();
  return ossl::X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

std::string subject_of(X509* cert) {
  char text[512];
  X509_NAME_oneline(X509_get_subject_name(cert), text, sizeof text);
  return text;
}

// The signature over the signed attributes and their messageDigest over the
// content, with the certificate EF.SOD carries; the certificate itself is
// checked separately. Returns that certificate.
hal::Result<ossl::X509Ptr> check_signature(hal::ByteView content_info, PaCheck& check) {
  const unsigned char* p = content_info.data();
  ossl::Cms cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(content_info.size())));
  if (!cms) {
    check.detail = "OpenSSL cannot read the CMS structure: " + ossl::last_error("malformed");
    return ossl::X509Ptr();
  }
  ossl::Store empty(X509_STORE_new());
  ossl::Bio out(BIO_new(BIO_s_mem()));
  if (!empty || !out) return hal::make_error(hal::ErrorCode::kInternal, "out of memory verifying EF.SOD");
  if (CMS_verify(cms.get(), nullptr, empty.get(), nullptr, out.get(), CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
    check.detail = "signature does not verify: " + ossl::last_error("CMS_verify failed");
    return ossl::X509Ptr();
  }
  STACK_OF(X509)* signers = CMS_get0_signers(cms.get());
  if (!signers || sk_X509_num(signers) != 1) {
    sk_X509_free(signers);
    check.detail = "EF.SOD must have exactly one signer with its certificate included";
    return ossl::X509Ptr();
  }
  X509* signer = sk_X509_value(signers, 0);
  X509_up_ref(signer);
  sk_X509_free(signers);
  check.passed = true;
  check.detail = "signed by " + subject_of(signer);
  return ossl::X509Ptr(signer);
}

void check_chain(X509* signer, const std::vector<hal::Bytes>& csca, std::time_t at, PaCheck& check) {
  ossl::Store store(X509_STORE_new());
  ossl::StoreCtx context(X509_STORE_CTX_new());
  if (!store || !context) {
    check.detail = "out of memory";
    return;
  }
  for (const auto& der : csca) {
    ossl::X509Ptr anchor = parse_certificate(der);
    if (anchor) X509_STORE_add_cert(store.get(), anchor.get());
  }
  if (!X509_STORE_CTX_init(context.get(), store.get(), signer, nullptr)) {
    check.detail = ossl::last_error("cannot set up the chain check");
    return;
  }
  if (at != 0) X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(context.get()), at);
  if (X509_verify_cert(context.get()) == 1) {
    check.passed = true;
    check.detail = "document signer certificate chains to a trusted CSCA";
  } else {
    check.detail = std::string("document signer certificate: ") +
                   X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.get()));
  }
  ERR_clear_error();
}

void check_hashes(const std::map<int, hal::Bytes>& data_groups, const LdsSecurityObject& lso, PaReport& report) {
  for (const auto& [number, content] : data_groups) {
    PaCheck check{"DG" + std::to_string(number) + " hash", false, ""};
    auto listed = std::find_if(lso.hashes.begin(), lso.hashes.end(),
                               [n = number](const DataGroupHash& h) { return h.data_group == n; });
    auto actual = digest(lso.hash_algorithm, content);
    if (listed == lso.hashes.end()) {
      check.detail = "EF.SOD lists no hash for it";
    } else if (!actual) {
      check.detail = actual.error().message;
    } else if (*actual != listed->hash) {
      check.detail = "the content read does not have the hash EF.SOD lists";
    } else {
      check.passed = true;
      check.detail = "matches EF.SOD";
    }
    report.checks.push_back(check);
  }
  for (const auto& listed : lso.hashes) {
    if (!data_groups.count(listed.data_group)) {
      report.checks.push_back({"DG" + std::to_string(listed.data_group) + " present", false,
                               "EF.SOD lists it but it was not read"});
    }
  }
}

}  // namespace

bool PaReport::passed() const {
  return !checks.empty() && std::all_of(checks.begin(), checks.end(), [](const PaCheck& c) { return c.passed; });
}

std::string PaReport::first_failure() const {
  for (const auto& c : checks)
    if (!c.passed) return c.name + ": " + c.detail;
  return "";
}

hal::Result<PaReport> passive_authentication(const std::map<int, hal::Bytes>& data_groups, hal::ByteView sod,
                                             const std::vector<hal::Bytes>& csca, std::time_t at) {
  PaReport report;
  auto parts = parse_sod(sod);
  PaCheck structure{"EF.SOD structure", parts.ok(), parts ? "SignedData over an LDSSecurityObject" : parts.error().message};
  if (parts && parts->content_type != kLdsSecurityObjectOid) {
    structure = {"EF.SOD structure", false, "signed content type is " + parts->content_type + ", not " +
                                                std::string(kLdsSecurityObjectOid)};
  }
  report.checks.push_back(structure);
  if (!structure.passed) return report;

  PaCheck signature{"EF.SOD signature", false, ""};
  auto signer = check_signature(parts->content_info, signature);
  if (!signer) return signer.error();
  report.checks.push_back(signature);
  if (*signer) {
    report.signer = subject_of(signer->get());
    PaCheck chain{"certificate chain", false, ""};
    check_chain(signer->get(), csca, at, chain);
    report.checks.push_back(chain);
  }
  check_hashes(data_groups, parts->security_object, report);
  return report;
}

hal::Result<std::vector<hal::Bytes>> load_certificates(const std::filesystem::path& path) {
  auto read = hal::read_regular_file(path, hal::kCertificateFile);
  if (!read) return read.error();
  const hal::Bytes& bytes = *read;
  std::vector<hal::Bytes> out;
  if (ossl::X509Ptr der = parse_certificate(bytes)) {
    out.push_back(bytes);
    return out;
  }
  ERR_clear_error();
  ossl::Bio bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    ossl::X509Ptr owned(cert);
    out.push_back(ossl::to_der(cert, i2d_X509));
  }
  ERR_clear_error();
  if (out.empty()) return hal::make_error(hal::ErrorCode::kCorrupt, path.string() + " holds no certificate");
  return out;
}

}  // namespace station::card
