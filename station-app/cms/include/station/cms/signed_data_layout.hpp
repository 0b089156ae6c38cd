// The parts of a CMS SignedData that its signature does not cover (version,
// digestAlgorithms, the certificate set, unsigned attributes, the encoding
// itself) checked against the one layout the station and the registry
// write, so that a changed byte anywhere in a batch or receipt is refused,
// not only a changed byte under the signature.
#pragma once

#include <string>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::cms {

// kCorrupt naming the part that differs: not DER, detached content, CRLs,
// more than one certificate or signer, unsigned attributes, a version other
// than RFC 5652 section 5.1 sets, or digestAlgorithms other than exactly the
// signer's digest algorithm.
hal::Status check_signed_data_layout(hal::ByteView der, const std::string& what);

}  // namespace station::cms
