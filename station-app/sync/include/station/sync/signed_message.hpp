// Checking a CMS SignedData (RFC 5652) from another party: a station's batch
// at the registry or a relay, the registry's receipt at the station. The
// signer's certificate must chain to one of the given trust anchors at the
// given time; the content is returned only when the signature holds.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/sync/revocation.hpp"

namespace station::sync {

// The registry's receipt signer is known by an extended key usage of its
// own (RFC 5280 4.2.1.12), so that no other key the registry CA certified
// (its TLS server key, its encryption key) can sign a receipt. The OID is in
// the UUID arc (ITU-T X.667: 2.25.<UUID 66050523-90bb-4d0e-adce-c460c6bc85ad
// as an integer>), which needs no registration.
inline constexpr const char* kReceiptSigningEku = "2.25.135607321284180073867474295220883719597";

struct Trust {
  std::vector<hal::Bytes> anchors;  // DER certificates (the pinned CA)
  std::chrono::system_clock::time_point at;  // when the chain must be valid
  // A dotted OID the signer's certificate must list in its extendedKeyUsage;
  // empty: any signer the anchors certify.
  std::string required_usage;
  // The anchors' revocation lists: with any, the signer's certificate must
  // appear in none, and each list must be signed by its anchor and current
  // at `at` (revocation.hpp). Empty: no revocation check.
  std::vector<RevocationList> crls{};
};

struct SignedMessage {
  hal::Bytes content;             // eContent
  std::string content_type;       // eContentType (dotted OID)
  hal::Bytes signer_certificate;  // DER
  std::string signer;             // the certificate's subject, for messages
  std::string signer_common_name; // its subject's commonName ("" when it has none)
  // The contentHints attribute (RFC 2634): a description of the content.
  std::optional<std::string> content_description;
};

// `what` names the message in errors ("batch X", "receipt"). Errors:
// kCorrupt (not CMS SignedData, a changed byte, a wrong signature),
// kPermissionDenied (signer unknown to the anchors, a certificate expired
// or not yet valid at `trust.at`, or one without `trust.required_usage`, a
// certificate a revocation list names, a list that is stale or not its CA's;
// the message names the certificate and the list).
hal::Result<SignedMessage> verify_signed_message(hal::ByteView cms_der, const Trust& trust, const std::string& what);

// Certificates from PEM text or one DER certificate. kCorrupt when none parses.
hal::Result<std::vector<hal::Bytes>> read_certificates(hal::ByteView pem_or_der, const std::string& what);

}  // namespace station::sync
