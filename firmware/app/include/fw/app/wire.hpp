// Little-endian stores for the USB byte layouts of PROTOCOL.md.
#pragma once

#include <stdint.h>

namespace fw::app {

constexpr void put_le16(uint8_t* out, uint16_t value) {
    out[0] = static_cast<uint8_t>(value & 0xFFu);
    out[1] = static_cast<uint8_t>(value >> 8);
}

constexpr void put_le32(uint8_t* out, uint32_t value) {
    put_le16(out, static_cast<uint16_t>(value & 0xFFFFu));
    put_le16(out + 2, static_cast<uint16_t>(value >> 16));
}

}  // namespace fw::app
