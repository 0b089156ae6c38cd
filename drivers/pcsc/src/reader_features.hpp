// What a reader says about the APDU sizes it carries: PC/SC part 10's
// dwMaxAPDUDataSize property, or pcsc-lite's SCARD_ATTR_MAXINPUT attribute.
// Debian's vpcd answers neither, so callers must cope with "unknown".
#pragma once

#include <PCSC/winscard.h>

#include <cstdint>
#include <optional>

#include "hal/bytes.hpp"

namespace drivers::pcsc {

// The control code of `feature` in a CM_IOCTL_GET_FEATURE_REQUEST answer:
// a list of tag (1 byte), length (4), control code (4 bytes, big-endian).
std::optional<std::uint32_t> find_feature(hal::ByteView features, std::uint8_t feature);

// A property from a FEATURE_GET_TLV_PROPERTIES answer: tag, length, value
// little-endian.
std::optional<std::uint32_t> find_tlv_property(hal::ByteView properties, std::uint8_t tag);

// Asks the reader holding `card` for its largest APDU data size; nullopt when
// it does not say. 0 means short APDUs only. Blocks in pcscd: run it on the
// connection's CardChannel.
std::optional<std::size_t> query_reader_apdu_limit(SCARDHANDLE card);

}  // namespace drivers::pcsc
