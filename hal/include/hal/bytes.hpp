// Byte buffers shared by every interface.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hal/result.hpp"

namespace hal {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Upper-case hex without separators ("3B8F80"), for logs and --json output.
std::string to_hex(ByteView bytes);

// Accepts upper or lower case and ignores spaces and colons, so APDUs can be
// typed as they appear in ISO 7816-4 ("00 A4 04 0C"). kInvalidArgument on an
// odd digit count or a character that is not hex.
Result<Bytes> from_hex(std::string_view text);

}  // namespace hal
