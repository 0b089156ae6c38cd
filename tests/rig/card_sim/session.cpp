#include "session.hpp"

#include <cstdio>
#include <thread>

#include "state_file.hpp"
#include "vpcd_link.hpp"

namespace card_sim {

namespace {

// vpcd's one-byte control messages.
constexpr std::uint8_t kPowerOff = 0;
constexpr std::uint8_t kPowerOn = 1;
constexpr std::uint8_t kReset = 2;
constexpr std::uint8_t kGetAtr = 4;

void log(const std::string& line) { std::fprintf(stderr, "card-sim: %s\n", line.c_str()); }

class Session {
 public:
  Session(SimCard& card, const SimOptions& options) : card_(card), options_(options) {}

  int run() {
    if (!connect()) return 1;
    for (;;) {
      auto message = link_.receive();
      if (!message) {
        log(message.error().describe() + "; exiting");
        return 0;
      }
      if (message->size() == 1) {
        handle_control((*message)[0]);
        continue;
      }
      if (message->empty()) continue;
      ++apdu_count_;
      if (options_.vanish_at && apdu_count_ == *options_.vanish_at) {
        if (!vanish()) return 0;
        continue;
      }
      if (options_.stall_at && apdu_count_ == *options_.stall_at) {
        stall();
        return 0;
      }
      answer(*message);
    }
  }

 private:
  bool connect() {
    auto link = VpcdLink::connect(options_.port, options_.connect_patience);
    if (!link) {
      log(link.error().describe());
      return false;
    }
    link_ = std::move(*link);
    log("card inserted: connected to vpcd on 127.0.0.1:" + std::to_string(options_.port));
    return true;
  }

  void handle_control(std::uint8_t code) {
    switch (code) {
      case kPowerOff:
      case kPowerOn:
      case kReset:
        card_.reset();
        return;
      case kGetAtr:
        if (auto sent = link_.send(card_.atr()); !sent) log(sent.error().describe());
        return;
      default:
        log("ignoring unknown control code " + std::to_string(code));
    }
  }

  void answer(const hal::Bytes& command) {
    const std::uint64_t changes_before = card_.state().changes;
    hal::Bytes response = card_.process(command);
    // Saved before answering: once the reader has its 9000, the change must
    // outlive this process, as an EEPROM write would.
    if (!options_.state_file.empty() && card_.state().changes != changes_before) {
      if (auto saved = save_state(card_.state(), options_.state_file); !saved) log(saved.error().describe());
    }
    if (options_.verbose)
      log("APDU " + std::to_string(apdu_count_) + ": " + hal::to_hex(command) + " -> " + hal::to_hex(response));
    if (auto sent = link_.send(response); !sent) log(sent.error().describe());
  }

  // Returns whether the card came back.
  bool vanish() {
    log("vanishing while processing APDU " + std::to_string(apdu_count_));
    link_.close();
    card_.reset();
    if (!options_.return_after) return false;
    std::this_thread::sleep_for(*options_.return_after);
    return connect();
  }

  void stall() {
    log("stalling: APDU " + std::to_string(apdu_count_) + " will never be answered");
    // Read and drop until vpcd gives up on the link, so the process still
    // ends with pcscd.
    while (link_.receive()) {
    }
    log("vpcd closed the link while stalled; exiting");
  }

  SimCard& card_;
  const SimOptions& options_;
  VpcdLink link_;
  std::uint64_t apdu_count_ = 0;
};

}  // namespace

int run_session(SimCard& card, const SimOptions& options) { return Session(card, options).run(); }

}  // namespace card_sim
