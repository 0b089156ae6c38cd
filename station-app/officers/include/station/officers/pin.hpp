// PINs are kept only as Argon2id hashes (libsodium's crypto_pwhash_str:
// salt and cost are inside the hash string, so verifying needs nothing else).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hal/result.hpp"

namespace station::officers {

// Argon2id's cost. The defaults are libsodium's "interactive" limits (2
// passes, 64 MiB): about a tenth of a second per log-in on a station, which
// makes guessing a stolen registry slow. Tests lower them.
struct PinCost {
  std::uint64_t passes = 2;
  std::size_t memory_bytes = std::size_t{64} << 20;
};

inline constexpr std::size_t kMinPinDigits = 6;
inline constexpr std::size_t kMaxPinDigits = 12;

// kInvalidArgument unless `pin` is 6 to 12 decimal digits.
hal::Status check_pin_format(std::string_view pin);

// "$argon2id$v=19$m=...". kInvalidArgument for a malformed PIN or a cost
// outside libsodium's limits; kNoSpace when the memory cannot be had.
hal::Result<std::string> hash_pin(std::string_view pin, const PinCost& cost);

// True when `pin` hashes to `hash`. A malformed hash never matches.
bool pin_matches(const std::string& hash, std::string_view pin);

}  // namespace station::officers
