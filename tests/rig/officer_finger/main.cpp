// officer-finger: plays an officer's finger on libfprint's virtual_image
// sensor. The station opens the sensor (libfprint then listens on the socket
// FP_VIRTUAL_IMAGE names); this tool connects once the socket appears and
// puts down a synthetic flat print of finger --seed, --touches times, then
// finger --then-seed (default: the same) again and again until the station
// closes the sensor. libfprint takes a touch only while a capture runs and
// drops one that arrives between captures, as a real sensor ignores a finger
// nobody asked for; repeating the touch makes the tool indifferent to when
// the station asks.
//
//   officer-finger --socket PATH --seed N [--touches K] [--then-seed M]
//                  [--interval-ms T] [--wait-s S]
//
// Exit: 0 when the station closed the sensor after the first --touches were
// sent, 1 on usage errors, 2 when the socket never appeared, 3 when the
// station closed it before.
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "station/biometrics/synthetic_finger.hpp"

namespace {

struct Options {
  std::string socket;
  std::uint64_t seed = 1;
  int touches = 1;
  std::uint64_t then_seed = 0;  // 0: the same finger
  int interval_ms = 400;
  int wait_s = 60;
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const char* value = argv[i + 1];
    if (key == "--socket") o.socket = value;
    else if (key == "--seed") o.seed = std::strtoull(value, nullptr, 10);
    else if (key == "--touches") o.touches = std::atoi(value);
    else if (key == "--then-seed") o.then_seed = std::strtoull(value, nullptr, 10);
    else if (key == "--interval-ms") o.interval_ms = std::atoi(value);
    else if (key == "--wait-s") o.wait_s = std::atoi(value);
    else return false;
  }
  return argc % 2 == 1 && !o.socket.empty() && o.touches >= 1;
}

// A flat (not rolled) impression the size of an officer sensor's window.
station::biometrics::GreyImage flat_print(std::uint64_t seed) {
  station::biometrics::SyntheticFingerOptions options;
  options.width = 320;
  options.height = 400;
  options.finger_width = 260;
  auto finger = station::biometrics::make_synthetic_finger(seed, options);
  if (!finger) {
    std::fprintf(stderr, "officer-finger: %s\n", finger.error().describe().c_str());
    std::exit(1);
  }
  return finger->impression();
}

int connect_when_listening(const Options& o) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.wait_s);
  while (std::chrono::steady_clock::now() < deadline) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, o.socket.c_str(), sizeof address.sun_path - 1);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
    close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return -1;
}

bool write_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  while (size > 0) {
    ssize_t n = send(fd, p, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool touch(int fd, const station::biometrics::GreyImage& image) {
  const std::int32_t header[2] = {static_cast<std::int32_t>(image.width()), static_cast<std::int32_t>(image.height())};
  return write_all(fd, header, sizeof header) && write_all(fd, image.pixels().data(), image.size());
}

// True when the station hung up within `ms`.
bool peer_closed_within(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, ms) <= 0) return false;
  char byte;
  return recv(fd, &byte, 1, MSG_DONTWAIT) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: officer-finger --socket PATH --seed N [--touches K] [--then-seed M] [--interval-ms T] "
                 "[--wait-s S]\n");
    return 1;
  }
  const auto image = flat_print(o.seed);
  int fd = connect_when_listening(o);
  if (fd < 0) {
    std::fprintf(stderr, "officer-finger: nothing listened on %s within %d s\n", o.socket.c_str(), o.wait_s);
    return 2;
  }
  const auto then = o.then_seed == 0 ? image : flat_print(o.then_seed);
  // Ten minutes at most: the station's own finger timeout is far shorter.
  const int most = 600000 / std::max(o.interval_ms, 1);
  for (int i = 0; i < most; ++i) {
    if (!touch(fd, i < o.touches ? image : then) || peer_closed_within(fd, o.interval_ms)) {
      if (i + 1 >= o.touches) break;
      std::fprintf(stderr, "officer-finger: the station closed the sensor after %d of %d touches\n", i + 1, o.touches);
      close(fd);
      return 3;
    }
  }
  close(fd);
  return 0;
}
