// Certificate revocation lists (RFC 5280 section 5) of the two CAs a station
// trusts: the station CA (a relay checks other stations' batch signers) and
// the registry CA (receipt signer and TLS server). A list counts only when
// the CA it names signed it and it is current: issued no later than the
// moment of the check and with a nextUpdate still ahead, so a stale list
// copied back from an old medium cannot hide a newer revocation.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/files.hpp"
#include "hal/result.hpp"

namespace station::sync {

// A CA's list can grow long over years of issuing; a cap still applies.
inline constexpr hal::FileKind kRevocationListFile{"revocation list", 16 * hal::kMiB};

struct RevocationList {
  hal::Bytes der;      // the CertificateList
  std::string source;  // where it was read from, for messages (a path)
};

struct RevocationListInfo {
  std::string issuer;  // the CA's subject
  std::chrono::system_clock::time_point this_update;
  std::chrono::system_clock::time_point next_update;
  std::size_t revoked = 0;  // certificates listed
};

// One list from PEM or DER. kCorrupt (naming `source`) when it does not parse
// or has no nextUpdate.
hal::Result<RevocationList> read_revocation_list(hal::ByteView pem_or_der, const std::string& source);

// What the list says of itself, unchecked. kCorrupt when it does not parse.
hal::Result<RevocationListInfo> describe_revocation_list(const RevocationList& list);

// Signed by one of `anchors` (DER certificates) and current at `at`.
// kPermissionDenied naming the list and what is wrong (unknown issuer, bad
// signature, not yet valid, out of date); kCorrupt when it does not parse.
hal::Result<RevocationListInfo> check_revocation_list(const RevocationList& list, const std::vector<hal::Bytes>& anchors,
                                                      std::chrono::system_clock::time_point at);

// The list as PEM ("-----BEGIN X509 CRL-----"), the form libcurl reads.
std::string revocation_list_pem(const RevocationList& list);

}  // namespace station::sync
