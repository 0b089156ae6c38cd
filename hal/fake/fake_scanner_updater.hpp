// In-memory ScannerUpdater for unit tests: answers status() with `before`
// until an image is downloaded and with `after` from then on (what a
// scanner that took the image reports after its restart), and keeps what
// it was sent. A test sets `download_error` to play a scanner that leaves
// or refuses mid-transfer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hal/scanner_updater.hpp"

namespace hal {

class FakeScannerUpdater final : public ScannerUpdater {
 public:
  Result<ScannerBootStatus> status(const std::string& serial) override {
    asked.push_back(serial);
    return downloads == 0 ? before : after;
  }

  Status download(const std::string& serial, std::span<const std::uint8_t> image,
                  const ProgressFn& progress) override {
    sent_to = serial;
    if (download_error) return *download_error;
    ++downloads;
    sent.assign(image.begin(), image.end());
    if (progress) progress({image.size(), image.size()});
    return {};
  }

  ScannerBootStatus before, after;
  std::optional<Error> download_error;
  int downloads = 0;
  std::string sent_to;
  std::vector<std::uint8_t> sent;
  std::vector<std::string> asked;
};

}  // namespace hal
