#include "station/officers/pin.hpp"

#include <sodium.h>

#include <algorithm>

namespace station::officers {

namespace {

// sodium_init is idempotent and thread-safe; it picks the fastest Argon2
// implementation for this CPU.
bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

hal::Status check_pin_format(std::string_view pin) {
  bool digits = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || pin.size() < kMinPinDigits || pin.size() > kMaxPinDigits) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "a PIN is " + std::to_string(kMinPinDigits) + " to " +
                                                                 std::to_string(kMaxPinDigits) +
                                                                 " digits, nothing else (not even a space)");
  }
  return {};
}

hal::Result<std::string> hash_pin(std::string_view pin, const PinCost& cost) {
  HAL_TRY(check_pin_format(pin));
  if (!sodium_ready()) return hal::make_error(hal::ErrorCode::kInternal, "libsodium failed to initialise");
  if (cost.passes < crypto_pwhash_OPSLIMIT_MIN || cost.passes > crypto_pwhash_OPSLIMIT_MAX ||
      cost.memory_bytes < crypto_pwhash_MEMLIMIT_MIN || cost.memory_bytes > crypto_pwhash_MEMLIMIT_MAX) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "the PIN hash cost is outside Argon2id's limits (at least 1 pass and 8 KiB); check "
                           "[officers] pin_hash_passes and pin_hash_memory_kib");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), cost.passes, cost.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return hal::make_error(hal::ErrorCode::kNoSpace, "hashing the PIN needs " +
                                                         std::to_string(cost.memory_bytes >> 10) +
                                                         " KiB of memory, which the station could not get");
  }
  return std::string(out);
}

bool pin_matches(const std::string& hash, std::string_view pin) {
  if (!sodium_ready()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace station::officers
