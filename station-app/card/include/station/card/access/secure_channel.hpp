// A CardTerminal that carries every command through secure messaging: code
// written for a plain terminal (reading files, Active Authentication) runs
// unchanged over BAC or PACE. It wraps a connected terminal it does not own.
#pragma once

#include <memory>
#include <string>

#include "hal/card_terminal.hpp"
#include "station/card/access/secure_messaging.hpp"

namespace station::card::access {

class SecureChannel final : public hal::CardTerminal {
 public:
  // `method` names the protocol that made the session ("BAC", "PACE").
  SecureChannel(hal::CardTerminal& card, SmSession session, std::string method);

  const std::string& method() const { return method_; }

  // Carries on under `session` (Chip Authentication's new keys), named
  // `method` from now on; reopens a channel an error had closed.
  void restart(SmSession session, std::string method);
  // False once the session ended: an SM error, a plain answer from the card,
  // the card leaving, connect() or disconnect().
  bool is_open() const { return session_ != nullptr; }

  // Forwarded to the wrapped terminal.
  hal::Result<std::vector<hal::ReaderStatus>> list_readers() override;
  hal::Result<hal::ReaderStatus> wait_for_card(std::string_view reader, std::chrono::milliseconds timeout) override;
  hal::Result<void> wait_for_removal(std::string_view reader, std::chrono::milliseconds timeout) override;
  // Forwarded; the card is reset, so the session ends.
  hal::Result<hal::ReaderCapabilities> connect(std::string_view reader) override;
  // The wrapped terminal's, less what secure messaging adds to each APDU, so
  // a caller that chunks by these limits never overflows the real ones.
  hal::Result<hal::ReaderCapabilities> capabilities() const override;
  // Protects the command, sends it, checks and decrypts the answer. A card
  // that answers an error status word in plain (it dropped secure messaging)
  // has that status returned, and the session ends.
  // Errors: kFailedPrecondition (session ended: the message says why),
  // kInvalidArgument (command exceeds capabilities()), kCorrupt (the answer
  // fails its MAC, lacks it, or its status word differs from the protected
  // one), kProtocol (malformed answer, or 6987/6988: the card rejected our
  // secure messaging), and the wrapped terminal's (kCardRemoved, ...).
  // Any error ends the session.
  hal::Result<hal::ResponseApdu> transmit(const hal::CommandApdu& command) override;
  // Forwarded; the session ends.
  hal::Result<void> disconnect(hal::Disposition disposition) override;

 private:
  hal::Error close(hal::Error error);
  hal::Result<hal::ResponseApdu> unwrap(const hal::ResponseApdu& answer);

  hal::CardTerminal& card_;
  std::unique_ptr<SmSession> session_;
  std::string method_;
  std::string closed_because_ = "it was never opened";
};

}  // namespace station::card::access
