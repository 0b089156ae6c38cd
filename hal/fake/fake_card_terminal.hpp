// In-memory CardTerminal for unit tests of one class: a scripted card.
// Integration tests use drivers/pcsc against the rig instead.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "hal/card_terminal.hpp"

namespace hal {

class FakeCardTerminal final : public CardTerminal {
 public:
  // Answers each command; the default answers 6D00 (INS not supported).
  using CardBehaviour = std::function<ResponseApdu(const CommandApdu&)>;

  void add_reader(std::string name) { readers_.push_back({std::move(name), false, {}}); }
  void insert_card(std::string_view reader, Bytes atr, CardBehaviour behaviour);
  void remove_card(std::string_view reader);
  // The card vanishes while processing command number `index` (0-based).
  void pull_card_at(std::size_t index) { pull_at_ = index; }
  void set_capabilities(ReaderCapabilities caps) { caps_ = caps; }

  // Every command transmitted, in order, including GET RESPONSE re-issues.
  const std::vector<CommandApdu>& sent() const { return sent_; }

  Result<std::vector<ReaderStatus>> list_readers() override;
  Result<ReaderStatus> wait_for_card(std::string_view reader, std::chrono::milliseconds timeout) override;
  Result<void> wait_for_removal(std::string_view reader, std::chrono::milliseconds timeout) override;
  Result<ReaderCapabilities> connect(std::string_view reader) override;
  Result<ReaderCapabilities> capabilities() const override;
  Result<ResponseApdu> transmit(const CommandApdu& command) override;
  Result<void> disconnect(Disposition disposition) override;

 private:
  ReaderStatus* find(std::string_view reader);

  std::vector<ReaderStatus> readers_;
  CardBehaviour behaviour_;
  ReaderCapabilities caps_;
  std::optional<std::size_t> pull_at_;
  std::vector<CommandApdu> sent_;
  ReaderStatus* connected_ = nullptr;
};

}  // namespace hal
