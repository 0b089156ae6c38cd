#include "vpcd_link.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace card_sim {

namespace {

hal::Error io_error(const char* what) {
  return hal::make_error(hal::ErrorCode::kIo, std::string("vpcd link: ") + what + ": " + std::strerror(errno));
}

void set_flag(int fd, int option) {
  int on = 1;
  setsockopt(fd, IPPROTO_TCP, option, &on, sizeof on);
}

}  // namespace

VpcdLink::VpcdLink(VpcdLink&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

VpcdLink& VpcdLink::operator=(VpcdLink&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

VpcdLink::~VpcdLink() { close(); }

void VpcdLink::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

hal::Result<VpcdLink> VpcdLink::connect(std::uint16_t port, std::chrono::milliseconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (;;) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return io_error("socket");
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
      // vpcd writes the length and the payload separately: without these,
      // Nagle and delayed ACKs cost about 40 ms per APDU (card.md).
      set_flag(fd, TCP_NODELAY);
      set_flag(fd, TCP_QUICKACK);
      return VpcdLink(fd);
    }
    const int why = errno;
    ::close(fd);
    if (std::chrono::steady_clock::now() >= deadline) {
      return hal::make_error(hal::ErrorCode::kUnavailable, "no vpcd listening on 127.0.0.1:" + std::to_string(port) +
                                                               " (" + std::strerror(why) + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

hal::Result<void> VpcdLink::read_exactly(std::uint8_t* into, std::size_t count) {
  while (count > 0) {
    // Linux clears TCP_QUICKACK after a while, so it is set before each read.
    set_flag(fd_, TCP_QUICKACK);
    ssize_t got = ::recv(fd_, into, count, 0);
    if (got == 0) return hal::make_error(hal::ErrorCode::kUnavailable, "vpcd closed the link");
    if (got < 0) {
      if (errno == EINTR) continue;
      return io_error("recv");
    }
    into += got;
    count -= static_cast<std::size_t>(got);
  }
  return {};
}

hal::Result<hal::Bytes> VpcdLink::receive() {
  std::uint8_t length[2];
  HAL_TRY(read_exactly(length, sizeof length));
  hal::Bytes payload(static_cast<std::size_t>(length[0] << 8 | length[1]));
  HAL_TRY(read_exactly(payload.data(), payload.size()));
  return payload;
}

hal::Result<void> VpcdLink::send(hal::ByteView payload) {
  if (payload.size() > 0xFFFF) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "a vpcd message carries at most 65535 bytes, not " + std::to_string(payload.size()));
  }
  // One write for length and payload, so the reply leaves in one segment.
  hal::Bytes frame{static_cast<std::uint8_t>(payload.size() >> 8), static_cast<std::uint8_t>(payload.size() & 0xFF)};
  frame.insert(frame.end(), payload.begin(), payload.end());
  std::size_t sent = 0;
  while (sent < frame.size()) {
    ssize_t n = ::send(fd_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("send");
    }
    sent += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace card_sim
