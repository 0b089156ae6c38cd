// card-sim's command line.
#pragma once

#include <chrono>
#include <cstddef>
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
  bool blank = false;                  // a factory-fresh card instead of the development layout
  std::string state_file;              // load the card from here if it exists; save every change
  std::size_t shrink_files = 0;        // lie: CREATE FILE keeps N bytes less than its FCP states
  std::size_t capacity = 128 * 1024;   // bytes of EF content the card holds
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
