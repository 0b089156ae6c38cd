// A card reader and the card in it, as the station sees them through PC/SC.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hal/apdu.hpp"
#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace hal {

enum class CardProtocol { kT0, kT1 };

struct ReaderStatus {
  std::string name;
  bool card_present = false;
  Bytes atr;  // empty when no card
};

struct ReaderCapabilities {
  CardProtocol protocol = CardProtocol::kT1;
  // Largest command data (Nc) and response data (Ne) one APDU may carry with
  // this reader and card; 255/256 unless extended length is usable.
  std::size_t max_command_data = kShortMaxLc;
  std::size_t max_response_data = kShortMaxLe;
  bool extended_length = false;
};

enum class Disposition { kLeave, kReset, kUnpower };

// One reader connection at a time. Methods never block past their timeout.
class CardTerminal {
 public:
  virtual ~CardTerminal() = default;

  // Lists every reader with whether a card is in it and its ATR.
  // Errors: kUnavailable (no PC/SC service). No readers is an empty list.
  virtual Result<std::vector<ReaderStatus>> list_readers() = 0;

  // Waits until a card is present in `reader` ("" = the first reader that
  // gets one) and returns that reader's status. Returns at once when a card is
  // already there. Errors: kTimeout, kNotFound (no such reader),
  // kUnavailable (service gone), kCancelled.
  virtual Result<ReaderStatus> wait_for_card(std::string_view reader, std::chrono::milliseconds timeout) = 0;

  // Waits until `reader` holds no card. Errors: kTimeout, kNotFound,
  // kUnavailable, kCancelled.
  virtual Result<void> wait_for_removal(std::string_view reader, std::chrono::milliseconds timeout) = 0;

  // Connects exclusively to the card in `reader`, T=1 preferred over T=0,
  // and reports what the connection can carry. Replaces any previous
  // connection. Errors: kNoCard, kNotFound, kUnavailable, kBusy (another
  // program holds the card), kProtocol (card answers no usable protocol).
  virtual Result<ReaderCapabilities> connect(std::string_view reader) = 0;

  // What the current connection can carry. Errors: kFailedPrecondition (not
  // connected).
  virtual Result<ReaderCapabilities> capabilities() const = 0;

  // Sends one command and returns the card's final answer: 61xx is followed
  // by GET RESPONSE and 6Cxx by the command re-issued with Le = xx, so the
  // caller sees the whole data and the last status word. Card status words
  // are returned, not treated as errors.
  // Errors: kFailedPrecondition (not connected), kInvalidArgument (the command
  // does not fit capabilities()), kCardRemoved (card pulled or mute: a reply
  // under two bytes counts as removal), kTimeout, kProtocol (malformed reply),
  // kUnavailable (the PC/SC service went away mid-session).
  virtual Result<ResponseApdu> transmit(const CommandApdu& command) = 0;

  // Ends the connection. Disconnecting when not connected succeeds.
  // Errors: kUnavailable.
  virtual Result<void> disconnect(Disposition disposition) = 0;
};

}  // namespace hal
