// Our reference USB rolled-fingerprint scanners, found on the USB bus.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hal/result.hpp"

namespace drivers {

// pid.codes' vendor id with a test product id (firmware/PROTOCOL.md §1),
// until the scanner has its own.
inline constexpr std::uint16_t kScannerVendorId = 0x1209;
inline constexpr std::uint16_t kScannerProductId = 0x0004;

struct UsbScannerLocation {
  std::string id;  // "usb:<bus>-<port path>"
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  std::string serial;    // "" when the device could not be opened to ask
  std::string firmware;  // "major.minor" from bcdDevice: the application's, or the bootloader's in DFU mode
  bool dfu_mode = false; // the bootloader waits for an update
};

// Lists attached devices with the given ids. A machine without USB (no
// /dev/bus/usb) has no scanners: an empty list, not an error.
// Errors: kUnavailable (libusb could not start for another reason).
hal::Result<std::vector<UsbScannerLocation>> list_usb_scanners(std::uint16_t vendor_id = kScannerVendorId,
                                                               std::uint16_t product_id = kScannerProductId);

}  // namespace drivers
