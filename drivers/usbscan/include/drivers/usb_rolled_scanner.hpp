// The reference rolled scanner on USB (firmware/PROTOCOL.md): a
// hal::RolledScanner over libusb. open() looks for the scanner on the bus
// each time, so a scanner plugged in (or back) after the station started is
// found, and one that left gives kUnavailable. Frames come from bulk IN 0x81,
// one message per transfer, each header and sequence number checked.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "hal/rolled_scanner.hpp"

namespace drivers {

namespace usbdetail {
struct OpenScanner;  // the opened device and its session (src/)
}

struct UsbRolledScannerOptions {
  std::string serial;  // "" = the first scanner found in application mode
  std::chrono::milliseconds control_timeout{2000};
  // After STOP_ROLL, how long to wait for the device's ROLL_END.
  std::chrono::milliseconds stop_timeout{2000};
};

class UsbRolledScanner final : public hal::RolledScanner {
 public:
  explicit UsbRolledScanner(UsbRolledScannerOptions options = {});
  ~UsbRolledScanner() override;
  UsbRolledScanner(const UsbRolledScanner&) = delete;
  UsbRolledScanner& operator=(const UsbRolledScanner&) = delete;

  // Errors: kUnavailable (no scanner, or none with the serial asked for),
  // kBusy, kPermissionDenied, kProtocol (descriptors or GET_INFO that are
  // not PROTOCOL.md's), kIo.
  hal::Result<void> open() override;
  hal::Result<hal::ScannerInfo> info() const override;
  hal::Result<void> start_capture() override;
  // Errors besides the interface's: kCorrupt for a message that fails its
  // check (short, oversized, bad header) or comes out of sequence (the
  // message is dropped, the session goes on); kIo when the device stalls
  // its endpoint or reports a sensor fault (the roll is over).
  hal::Result<hal::Frame> next_frame(std::chrono::milliseconds timeout) override;
  hal::Result<void> stop_capture() override;
  void close() override;

 private:
  std::unique_ptr<usbdetail::OpenScanner> device_;
  UsbRolledScannerOptions options_;
};

}  // namespace drivers
