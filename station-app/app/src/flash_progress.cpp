#include "flash_progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace station {

namespace {

constexpr int kBarWidth = 40;

std::string kib(std::size_t bytes) { return std::to_string((bytes + 1023) / 1024); }

}  // namespace

FlashProgress::FlashProgress() : tty_(isatty(STDERR_FILENO) == 1) {}

void FlashProgress::operator()(const hal::DownloadProgress& p) {
  if (p.total == 0) return;
  const int percent = static_cast<int>(p.sent * 100 / p.total);
  const std::string figures = std::to_string(percent) + "% (" + kib(p.sent) + " of " + kib(p.total) + " KiB)";
  if (tty_) {
    const int filled = percent * kBarWidth / 100;
    std::fprintf(stderr, "\r[%s%s] %s", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(kBarWidth - filled), ' ').c_str(), figures.c_str());
    if (p.sent == p.total) std::fputc('\n', stderr);
    std::fflush(stderr);
    return;
  }
  const int tenth = percent / 10;
  if (tenth == last_tenth_) return;
  last_tenth_ = tenth;
  std::fprintf(stderr, "sent %s\n", figures.c_str());
}

}  // namespace station
