// DER (X.690) for the ASN.1 the station writes and reads: the card's
// SecurityInfos and LDSSecurityObject, CMS SignedData for EF.SOD, batches and
// receipts. Builders return whole TLVs; readers take
// a TLV's contents and check that they are DER.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/cms/tlv.hpp"

namespace station::cms::der {

inline constexpr Tag kInteger = 0x02;
inline constexpr Tag kBitString = 0x03;
inline constexpr Tag kOctetString = 0x04;
inline constexpr Tag kNull = 0x05;
inline constexpr Tag kOid = 0x06;
inline constexpr Tag kUtf8String = 0x0C;
inline constexpr Tag kPrintableString = 0x13;
inline constexpr Tag kUtcTime = 0x17;
inline constexpr Tag kSequence = 0x30;
inline constexpr Tag kSet = 0x31;

// [n] of the context-specific class, constructed (A0 + n) or not (80 + n).
constexpr Tag context(std::uint8_t n, bool constructed) {
  return static_cast<Tag>((constructed ? 0xA0 : 0x80) | n);
}

hal::Bytes integer(std::int64_t value);
// A non-negative INTEGER from its big-endian magnitude (leading zeros dropped,
// one added when the top bit is set).
hal::Bytes unsigned_integer(hal::ByteView magnitude);
hal::Bytes octet_string(hal::ByteView value);
hal::Bytes null();
// "2.23.136.1.1.1"; the text must be a valid OID (a defect otherwise: these
// are constants of ours).
hal::Bytes oid(const std::string& dotted);
hal::Bytes utf8_string(const std::string& text);
hal::Bytes sequence(const std::vector<hal::Bytes>& members);
// SET OF: members sorted by their encodings (X.690 section 11.6).
hal::Bytes set_of(std::vector<hal::Bytes> members);
// Wraps already encoded content under `tag`.
hal::Bytes wrap(Tag tag, hal::ByteView content);
// Just the tag and length octets of a TLV whose `content_length` bytes of
// contents are written elsewhere (contents too large to copy).
hal::Bytes header(Tag tag, std::size_t content_length);
// Concatenation of encodings, for contents built in pieces.
hal::Bytes concat(const std::vector<hal::Bytes>& parts);

// AlgorithmIdentifier with absent parameters (SHA-2, ECDSA per RFC 5754).
hal::Bytes algorithm(const std::string& dotted);

// Readers: `value` is a TLV's contents; `what` names it in messages.
// Errors: kCorrupt.
hal::Result<std::string> read_oid(hal::ByteView value, const std::string& what);
// INTEGERs that must fit 63 bits (versions, data group numbers, key ids).
hal::Result<std::int64_t> read_small_integer(hal::ByteView value, const std::string& what);

}  // namespace station::cms::der
