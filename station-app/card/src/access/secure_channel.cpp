#include "station/card/access/secure_channel.hpp"

namespace station::card::access {

namespace {

std::string sw_hex(std::uint16_t sw) {
  return hal::to_hex(hal::Bytes{static_cast<std::uint8_t>(sw >> 8), static_cast<std::uint8_t>(sw)});
}

// ICAO Doc 9303 part 11 section 9.8.7: the chip's plain answers to SM errors.
bool rejects_secure_messaging(std::uint16_t sw) { return sw == 0x6987 || sw == 0x6988; }

}  // namespace

SecureChannel::SecureChannel(hal::CardTerminal& card, SmSession session, std::string method)
    : card_(card), session_(std::make_unique<SmSession>(std::move(session))), method_(std::move(method)) {}

void SecureChannel::restart(SmSession session, std::string method) {
  session_ = std::make_unique<SmSession>(std::move(session));
  method_ = std::move(method);
}

hal::Error SecureChannel::close(hal::Error error) {
  if (session_) closed_because_ = error.describe();
  session_.reset();
  error.message = method_ + " secure messaging: " + error.message;
  return error;
}

hal::Result<std::vector<hal::ReaderStatus>> SecureChannel::list_readers() { return card_.list_readers(); }

hal::Result<hal::ReaderStatus> SecureChannel::wait_for_card(std::string_view reader,
                                                            std::chrono::milliseconds timeout) {
  return card_.wait_for_card(reader, timeout);
}

hal::Result<void> SecureChannel::wait_for_removal(std::string_view reader, std::chrono::milliseconds timeout) {
  return card_.wait_for_removal(reader, timeout);
}

hal::Result<hal::ReaderCapabilities> SecureChannel::connect(std::string_view reader) {
  if (session_) closed_because_ = "the terminal connected again, which resets the card";
  session_.reset();
  return card_.connect(reader);
}

namespace {

hal::ReaderCapabilities shrunk(hal::ReaderCapabilities caps, BlockCipher cipher) {
  caps.max_command_data = SmSession::max_plain_data(cipher, caps.max_command_data);
  caps.max_response_data = SmSession::max_plain_data(cipher, caps.max_response_data);
  return caps;
}

}  // namespace

hal::Result<hal::ReaderCapabilities> SecureChannel::capabilities() const {
  auto caps = card_.capabilities();
  if (!caps) return caps;
  return shrunk(*caps, session_ ? session_->cipher() : BlockCipher::kAes128);
}

hal::Result<hal::ResponseApdu> SecureChannel::transmit(const hal::CommandApdu& command) {
  if (!session_)
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "the " + method_ + " secure channel is closed (" + closed_because_ +
                               "); authenticate again");
  auto wire = card_.capabilities();
  if (!wire) return close(wire.error());
  const hal::ReaderCapabilities plain = shrunk(*wire, session_->cipher());
  if (command.data.size() > plain.max_command_data || command.ne.value_or(0) > plain.max_response_data)
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "under " + method_ + " secure messaging a command carries at most " +
                               std::to_string(plain.max_command_data) + " bytes and asks for at most " +
                               std::to_string(plain.max_response_data));
  auto wrapped = session_->protect_command(command);
  if (!wrapped) return close(wrapped.error());
  // Le 0000 ("all there is") in part 11's examples; a reader that carries
  // less is asked for no more than it carries, which the answer to a command
  // within capabilities() never exceeds.
  if (wrapped->ne && *wrapped->ne > wire->max_response_data) wrapped->ne = wire->max_response_data;
  auto answer = card_.transmit(*wrapped);
  if (!answer) return close(answer.error());
  return unwrap(*answer);
}

hal::Result<hal::ResponseApdu> SecureChannel::unwrap(const hal::ResponseApdu& answer) {
  if (answer.data.empty() && rejects_secure_messaging(answer.sw))
    return close(hal::make_error(hal::ErrorCode::kProtocol,
                                 "the card rejected our secure messaging (SW " + sw_hex(answer.sw) + ")"));
  if (answer.data.empty() && answer.sw != 0x9000) {
    // A plain error: the card may have ended the session with it, and its
    // SSC may or may not have moved, so the session cannot go on.
    closed_because_ = "the card answered SW " + sw_hex(answer.sw) + " without secure messaging";
    session_.reset();
    return answer;
  }
  auto plain = session_->unprotect_response(answer);
  if (!plain) return close(plain.error());
  return plain;
}

hal::Result<void> SecureChannel::disconnect(hal::Disposition disposition) {
  if (session_) closed_because_ = "the terminal disconnected";
  session_.reset();
  return card_.disconnect(disposition);
}

}  // namespace station::card::access
