// card-sim's command line.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hal/result.hpp"

namespace card_sim {

struct SimOptions {
  std::uint16_t port = 35963;  // vpcd's default
  bool t0 = false;
  bool extended_length = true;
  // 1-based numbers of command APDUs (control codes are not counted),
  // counted over the whole run, across re-insertions.
  std::optional<std::uint64_t> vanish_at;
  std::optional<std::chrono::milliseconds> return_after;
  std::optional<std::uint64_t> stall_at;
  std::chrono::milliseconds connect_patience{10000};
  bool verbose = false;
  bool help = false;
};

// kInvalidArgument naming the offending argument.
hal::Result<SimOptions> parse_options(const std::vector<std::string>& args);

extern const char* const kUsage;

}  // namespace card_sim
