// hal::CardTerminal over PC/SC (pcsc-lite's libpcsclite talking to pcscd).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "hal/card_terminal.hpp"

namespace drivers {

namespace pcsc {
class CardChannel;
}

struct PcscOptions {
  // Largest command and response data per APDU. 0 finds out at connect: the
  // reader's PC/SC part 10 dwMaxAPDUDataSize (or SCARD_ATTR_MAXINPUT) if it
  // states one, and an extended-length GET CHALLENGE probe to confirm the card
  // and reader carry extended length at all; short APDUs when not. Debian's
  // vpcd states nothing, so there the probe decides. T=0 is always short.
  std::size_t max_apdu_data = 0;
  // The limit taken when the probe passes but the reader states none: 32 KB
  // is one DG2 image per APDU and fits every transport we know of (vpcd's
  // frames stop at 65 535 bytes).
  std::size_t assumed_extended_data = 32768;
  // Longest a transmit() may take, GET RESPONSE rounds included. On expiry the
  // connection is dropped (see CardChannel): connect again.
  std::chrono::milliseconds transmit_timeout{10000};
  // Longest connect() (probe included) or disconnect() may take.
  std::chrono::milliseconds connect_timeout{5000};
  // Longest single wait inside pcscd while waiting for a card or its removal;
  // the waits re-check readers (and their deadline) at least this often.
  std::chrono::milliseconds poll_granularity{500};
};

// Not thread-safe, except cancel_wait(). Each connection runs its PC/SC calls
// on a worker thread of its own so a mute card or reader costs the caller its
// timeout at most; see drivers/pcsc/src/card_channel.hpp.
// pcsc-lite 1.9.9's client fills one process-wide reader-state buffer in
// SCardGetStatusChange without a lock (ThreadSanitizer shows it): do not list
// or wait on two terminals, or a terminal and other PC/SC code, from two
// threads at once.
class PcscCardTerminal final : public hal::CardTerminal {
 public:
  explicit PcscCardTerminal(PcscOptions options = {});
  ~PcscCardTerminal() override;
  PcscCardTerminal(const PcscCardTerminal&) = delete;
  PcscCardTerminal& operator=(const PcscCardTerminal&) = delete;

  hal::Result<std::vector<hal::ReaderStatus>> list_readers() override;
  // "" waits for any reader, including readers plugged in while waiting.
  hal::Result<hal::ReaderStatus> wait_for_card(std::string_view reader, std::chrono::milliseconds timeout) override;
  // "" means the reader of the current connection.
  hal::Result<void> wait_for_removal(std::string_view reader, std::chrono::milliseconds timeout) override;
  // "" means the first reader holding a card. Extended length is decided
  // here (see PcscOptions::max_apdu_data); a probe failing because the card
  // left gives kCardRemoved, a probe that times out kTimeout.
  hal::Result<hal::ReaderCapabilities> connect(std::string_view reader) override;
  hal::Result<hal::ReaderCapabilities> capabilities() const override;
  // After kCardRemoved or kTimeout the connection is gone: later calls return
  // kCardRemoved (card left) or kFailedPrecondition (timed out) until connect().
  hal::Result<hal::ResponseApdu> transmit(const hal::CommandApdu& command) override;
  hal::Result<void> disconnect(hal::Disposition disposition) override;

  // Makes a wait_for_card() or wait_for_removal() running on another thread
  // return kCancelled. Safe from any thread.
  void cancel_wait();

 private:
  struct Connection;
  using Deadline = std::chrono::steady_clock::time_point;

  hal::Result<long> status_context();
  void forget_status_context();
  hal::Error service_error(long rv, std::string_view operation, std::string_view reader);
  hal::Result<std::vector<std::string>> reader_names();
  // Waits until `reader` ("" = any) holds a card (`present`) or none, and
  // returns the reader's status at that moment.
  hal::Result<hal::ReaderStatus> wait_for_presence(std::string_view reader, bool present,
                                                   std::chrono::milliseconds timeout);
  hal::Result<hal::ReaderCapabilities> open_connection(const std::string& reader);
  hal::Result<hal::ReaderCapabilities> decide_capabilities(hal::CardProtocol protocol, Deadline deadline);
  // One SCardTransmit, bounded by `deadline`; `budget` is what the caller
  // granted, for the message.
  hal::Result<hal::Bytes> exchange_raw(const hal::Bytes& command, Deadline deadline, std::chrono::milliseconds budget);
  hal::Result<void> usable_connection() const;

  PcscOptions options_;
  std::atomic<long> status_context_{0};  // 0: none yet (or pcscd went away)
  std::unique_ptr<Connection> connection_;
};

}  // namespace drivers
