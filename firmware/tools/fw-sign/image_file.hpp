// An image as firmware/IMAGE.md §1 lays it out: header, payload, TLV trailer.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "fw/image/format.hpp"
#include "outcome.hpp"

namespace fw_sign {

using Bytes = std::vector<std::uint8_t>;
using PublicKey = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;

// The header fields fw-sign fills in: load_address, version and
// security_counter (the rest follow from the format and the payload).
using ImageFields = fw::image::Header;

// "X.Y.Z+B": major and minor 0..255, patch 0..65535, build 0..2^32-1, as the
// header stores them.
Outcome<ImageFields> parse_version(const std::string& text, ImageFields fields);

// Header‖payload, the signed part; refuses a payload the slot or the load
// window cannot hold.
Outcome<Bytes> signed_part(const ImageFields& fields, const Bytes& payload);

// The signed part followed by the trailer: SHA256, KEYID, ED25519 entries.
Bytes complete_image(const Bytes& signed_part, const PublicKey& public_key, const Signature& signature);

}  // namespace fw_sign
