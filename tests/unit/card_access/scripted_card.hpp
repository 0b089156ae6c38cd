// A FakeCardTerminal playing a fixed transcript: each command must be the next
// one written down (hex, as Doc 9303 prints them) and gets its written answer.
// Tests replay the standard's worked examples with it.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fake_card_terminal.hpp"
#include "station/card/access/primitives.hpp"

namespace access_test {

inline hal::Bytes hex(const char* text) { return hal::from_hex(text).value(); }
inline std::string hex_of(const char* text) { return hal::to_hex(hex(text)); }

struct Exchange {
  const char* command;
  const char* response;
};

using Script = std::vector<struct Exchange>;

class ScriptedCard {
 public:
  explicit ScriptedCard(std::vector<Exchange> script) : script_(std::move(script)) {
    terminal.add_reader("R0");
    terminal.insert_card("R0", {0x3B, 0x80}, [this](const hal::CommandApdu& c) { return answer(c); });
    (void)terminal.connect("R0");
  }

  hal::FakeCardTerminal terminal;
  // Commands that differed from the script: "step N: sent X, expected Y".
  std::vector<std::string> mismatches;
  std::size_t played() const { return next_; }

 private:
  hal::ResponseApdu answer(const hal::CommandApdu& command) {
    const std::string sent = hal::to_hex(command.encode().value());
    if (next_ >= script_.size()) {
      mismatches.push_back("unscripted command " + sent);
      return {{}, 0x6F00};
    }
    const Exchange& step = script_[next_++];
    if (sent != hex_of(step.command)) {
      mismatches.push_back("step " + std::to_string(next_) + ": sent " + sent + ", expected " + hex_of(step.command));
      return {{}, 0x6F00};
    }
    return hal::ResponseApdu::parse(hex(step.response)).value();
  }

  std::vector<Exchange> script_;
  std::size_t next_ = 0;
};

// A random source handing out fixed values in order (the terminal's "random"
// choices of a worked example).
inline station::card::access::RandomSource fixed_random(std::vector<const char*> values) {
  auto queue = std::make_shared<std::vector<hal::Bytes>>();
  for (const char* v : values) queue->push_back(hex(v));
  auto next = std::make_shared<std::size_t>(0);
  return [queue, next](std::size_t count) -> hal::Result<hal::Bytes> {
    if (*next >= queue->size() || (*queue)[*next].size() != count)
      return hal::make_error(hal::ErrorCode::kInternal, "the test's fixed random values ran out or do not fit");
    return (*queue)[(*next)++];
  };
}

}  // namespace access_test
