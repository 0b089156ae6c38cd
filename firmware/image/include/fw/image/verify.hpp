// Checks a slot against firmware/IMAGE.md §1, in the order written there:
// bounds first, then hash, key, signature and security counter. Nothing is
// trusted before the signature holds; every refusal has a named Reason.
#pragma once

#include <cstdint>
#include <span>

#include "fw/image/format.hpp"
#include "fw/platform/flash.hpp"

namespace fw::image {

struct PublicKey {
    std::uint8_t bytes[32];
};

struct Policy {
    std::span<const PublicKey> keys;   // built into the bootloader
    std::uint32_t min_security_counter = 0;
    std::uint32_t capacity = 0;        // bytes an image may use in the slot
    std::uint32_t load_window_start = 0;
    std::uint32_t load_window_size = 0;
};

struct Verdict {
    Reason reason = Reason::ok;
    Header header;               // decoded (meaningful once reason is past the header checks)
    std::uint32_t total_size = 0;  // header + payload + trailer, when the trailer parsed
    [[nodiscard]] bool ok() const { return reason == Reason::ok; }
};

// Header checks only (IMAGE.md §1, the header table but the counter): for a
// download's first block, so a lying header is refused before it is written.
Reason check_header(const Header& header, const std::uint8_t* raw, const Policy& policy);

// The whole of §1 over the slot starting at flash offset `slot`. `available`
// is how many bytes of the slot were written (a download's length): an image
// claiming more is `truncated`. Defaults to the whole capacity.
Verdict verify_slot(platform::Flash& flash, std::uint32_t slot, const Policy& policy,
                    std::uint32_t available = UINT32_MAX);

// Only the structure: header checks and the trailer's bounds, no hash or
// signature (for reading an image back, never for trusting it).
Verdict parse_slot(platform::Flash& flash, std::uint32_t slot, const Policy& policy,
                   std::uint32_t available = UINT32_MAX);

// The key id of IMAGE.md: first 8 bytes of SHA-256 of the raw public key.
void key_id_of(const PublicKey& key, std::uint8_t id[kKeyIdSize]);

}  // namespace fw::image
