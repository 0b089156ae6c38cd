#include "fake_card_terminal.hpp"

#include <string>

namespace hal {

ReaderStatus* FakeCardTerminal::find(std::string_view reader) {
  for (auto& r : readers_) {
    if (reader.empty() ? r.card_present : r.name == reader) return &r;
  }
  return nullptr;
}

void FakeCardTerminal::insert_card(std::string_view reader, Bytes atr, CardBehaviour behaviour) {
  if (ReaderStatus* r = find(reader)) {
    r->card_present = true;
    r->atr = std::move(atr);
    behaviour_ = std::move(behaviour);
  }
}

void FakeCardTerminal::remove_card(std::string_view reader) {
  if (ReaderStatus* r = find(reader)) {
    r->card_present = false;
    r->atr.clear();
    if (connected_ == r) connected_ = nullptr;
  }
}

Result<std::vector<ReaderStatus>> FakeCardTerminal::list_readers() { return readers_; }

Result<ReaderStatus> FakeCardTerminal::wait_for_card(std::string_view reader, std::chrono::milliseconds) {
  ReaderStatus* r = find(reader);
  if (!r && !reader.empty()) return make_error(ErrorCode::kNotFound, "no reader named '" + std::string(reader) + "'");
  if (!r || !r->card_present) return make_error(ErrorCode::kTimeout, "no card was inserted");
  return *r;
}

Result<void> FakeCardTerminal::wait_for_removal(std::string_view reader, std::chrono::milliseconds) {
  ReaderStatus* r = find(reader);
  if (!r) return make_error(ErrorCode::kNotFound, "no reader named '" + std::string(reader) + "'");
  if (r->card_present) return make_error(ErrorCode::kTimeout, "the card was not removed");
  return {};
}

Result<ReaderCapabilities> FakeCardTerminal::connect(std::string_view reader) {
  ReaderStatus* r = find(reader);
  if (!r) return make_error(ErrorCode::kNotFound, "no reader named '" + std::string(reader) + "'");
  if (!r->card_present) return make_error(ErrorCode::kNoCard, "reader '" + r->name + "' holds no card");
  connected_ = r;
  return caps_;
}

Result<ReaderCapabilities> FakeCardTerminal::capabilities() const {
  if (!connected_) return make_error(ErrorCode::kFailedPrecondition, "not connected to a card");
  return caps_;
}

Result<ResponseApdu> FakeCardTerminal::transmit(const CommandApdu& command) {
  if (!connected_) return make_error(ErrorCode::kFailedPrecondition, "not connected to a card");
  if (command.data.size() > caps_.max_command_data) {
    return make_error(ErrorCode::kInvalidArgument, "command data exceeds the reader's limit");
  }
  if (pull_at_ && sent_.size() == *pull_at_) {
    sent_.push_back(command);
    remove_card(connected_->name);
    return make_error(ErrorCode::kCardRemoved, "the card was pulled during the command");
  }
  sent_.push_back(command);
  if (!behaviour_) return ResponseApdu{{}, 0x6D00};
  return behaviour_(command);
}

Result<void> FakeCardTerminal::disconnect(Disposition) {
  connected_ = nullptr;
  return {};
}

}  // namespace hal
