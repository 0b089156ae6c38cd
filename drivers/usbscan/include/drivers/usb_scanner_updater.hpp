// The reference rolled scanner's firmware over USB (firmware/PROTOCOL.md §3
// GET_BOOT_STATUS, §4 DFU): a hal::ScannerUpdater over libusb. download()
// detaches the application, finds the same serial again in DFU mode (the
// device re-enumerates at a new address), sends the image with DFU 1.1,
// resets the device and waits for it to come back running.
#pragma once

#include <chrono>

#include "hal/scanner_updater.hpp"

namespace drivers {

struct UsbScannerUpdaterOptions {
  std::chrono::milliseconds control_timeout{2000};
  // How long a scanner may take to leave the bus and come back (after
  // DETACH, after the reset that starts the new image).
  std::chrono::milliseconds reenumeration_timeout{10000};
};

class UsbScannerUpdater final : public hal::ScannerUpdater {
 public:
  explicit UsbScannerUpdater(UsbScannerUpdaterOptions options = {}) : options_(options) {}

  hal::Result<hal::ScannerBootStatus> status(const std::string& serial) override;
  hal::Status download(const std::string& serial, std::span<const std::uint8_t> image,
                       const hal::ProgressFn& progress) override;

 private:
  UsbScannerUpdaterOptions options_;
};

}  // namespace drivers
