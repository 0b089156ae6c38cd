// The card's end of vpcd's TCP link (card.md): every message either way is a
// 2-byte big-endian length and the payload.
#pragma once

#include <chrono>
#include <cstdint>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace card_sim {

class VpcdLink {
 public:
  VpcdLink() = default;
  VpcdLink(const VpcdLink&) = delete;
  VpcdLink& operator=(const VpcdLink&) = delete;
  VpcdLink(VpcdLink&& other) noexcept;
  VpcdLink& operator=(VpcdLink&& other) noexcept;
  ~VpcdLink();

  // Connects to vpcd on 127.0.0.1:port (never another interface: vpcd listens
  // on all of them), retrying until `patience` runs out because pcscd may
  // still be loading the driver. Errors: kUnavailable.
  static hal::Result<VpcdLink> connect(std::uint16_t port, std::chrono::milliseconds patience);

  // The next message. Errors: kUnavailable (vpcd closed the link), kIo.
  hal::Result<hal::Bytes> receive();
  // Errors: kInvalidArgument (over 65 535 bytes), kIo.
  hal::Result<void> send(hal::ByteView payload);

  // Closing is how a card leaves the reader.
  void close();
  bool is_open() const { return fd_ >= 0; }

 private:
  explicit VpcdLink(int fd) : fd_(fd) {}
  hal::Result<void> read_exactly(std::uint8_t* into, std::size_t count);

  int fd_ = -1;
};

}  // namespace card_sim
