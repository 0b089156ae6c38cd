// Hashes the LDS uses, named by their ASN.1 object identifiers.
#pragma once

#include <string>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::cms {

inline constexpr const char* kSha256 = "2.16.840.1.101.3.4.2.1";

hal::Bytes sha256(hal::ByteView data);

// SHA-1, SHA-224/256/384/512 by OID. kUnsupported for another algorithm.
hal::Result<hal::Bytes> digest(const std::string& algorithm_oid, hal::ByteView data);

}  // namespace station::cms
