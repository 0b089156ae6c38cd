// A CardTerminal that forwards everything and counts the commands sent, so
// the engine can report every APDU of a run, including those the secure
// messaging code sends on its own.
#pragma once

#include "hal/card_terminal.hpp"

namespace station::card {

class CountingTerminal final : public hal::CardTerminal {
 public:
  explicit CountingTerminal(hal::CardTerminal& inner) : inner_(inner) {}
  std::size_t count() const { return count_; }

  hal::Result<std::vector<hal::ReaderStatus>> list_readers() override { return inner_.list_readers(); }
  hal::Result<hal::ReaderStatus> wait_for_card(std::string_view reader, std::chrono::milliseconds timeout) override {
    return inner_.wait_for_card(reader, timeout);
  }
  hal::Result<void> wait_for_removal(std::string_view reader, std::chrono::milliseconds timeout) override {
    return inner_.wait_for_removal(reader, timeout);
  }
  hal::Result<hal::ReaderCapabilities> connect(std::string_view reader) override { return inner_.connect(reader); }
  hal::Result<hal::ReaderCapabilities> capabilities() const override { return inner_.capabilities(); }
  hal::Result<hal::ResponseApdu> transmit(const hal::CommandApdu& command) override {
    ++count_;
    return inner_.transmit(command);
  }
  hal::Result<void> disconnect(hal::Disposition disposition) override { return inner_.disconnect(disposition); }

 private:
  hal::CardTerminal& inner_;
  std::size_t count_ = 0;
};

}  // namespace station::card
