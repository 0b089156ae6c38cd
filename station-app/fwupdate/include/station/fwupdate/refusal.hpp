// The bootloader's refusal codes (firmware/IMAGE.md §5) by name, for what a
// scanner reports about its last boot.
#pragma once

#include <cstdint>
#include <string>

namespace station::fwupdate {

// "bad_signature"; "code N" for a code IMAGE.md does not define.
std::string refusal_name(std::uint32_t code);

}  // namespace station::fwupdate
