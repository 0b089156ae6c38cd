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

namespace station::sync {

struct Trust {
  std::vector<hal::Bytes> anchors;  // DER certificates (the pinned CA)
  std::chrono::system_clock::time_point at;  // when the chain must be valid
};

struct SignedMessage {
  hal::Bytes content;             // eContent
  std::string content_type;       // eContentType (dotted OID)
  hal::Bytes signer_certificate;  // DER
  std::string signer;             // the certificate's subject, for messages
  // The contentHints attribute (RFC 2634): a description of the content.
  std::optional<std::string> content_description;
};

// `what` names the message in errors ("batch X", "receipt"). Errors:
// kCorrupt (not CMS SignedData, a changed byte, a wrong signature),
// kPermissionDenied (signer unknown to the anchors, or a certificate expired
// or not yet valid at `trust.at`, the message says which).
hal::Result<SignedMessage> verify_signed_message(hal::ByteView cms_der, const Trust& trust, const std::string& what);

// Certificates from PEM text or one DER certificate. kCorrupt when none parses.
hal::Result<std::vector<hal::Bytes>> read_certificates(hal::ByteView pem_or_der, const std::string& what);

}  // namespace station::sync
