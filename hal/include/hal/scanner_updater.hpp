// A rolled scanner's firmware as a technician's flashing tool sees it: what
// the device runs and will accept (its boot status), and a whole signed
// image sent to it. The station's flashing logic (station-app/fwupdate)
// decides what to send; a driver (drivers/usbscan: USB DFU 1.1) moves bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "hal/result.hpp"

namespace hal {

// What a firmware slot holds (firmware/PROTOCOL.md, GET_BOOT_STATUS).
enum class FirmwareSlotState : std::uint8_t {
  kEmpty = 0,      // erased
  kActive = 1,     // boots permanently
  kPending = 2,    // downloaded and verified: boots in test state at the next reset
  kTesting = 3,    // booted in test state, not confirmed: the next reset reverts
  kConfirmed = 4,  // booted in test state and confirmed: promoted at the next reset
  kInactive = 5,   // an image nothing boots (older, or refused)
};

constexpr std::string_view to_string(FirmwareSlotState state) {
  switch (state) {
    case FirmwareSlotState::kEmpty: return "empty";
    case FirmwareSlotState::kActive: return "active";
    case FirmwareSlotState::kPending: return "pending";
    case FirmwareSlotState::kTesting: return "testing";
    case FirmwareSlotState::kConfirmed: return "confirmed";
    case FirmwareSlotState::kInactive: return "inactive";
  }
  return "unknown";
}

struct ScannerBootStatus {
  std::string serial;
  std::string location;  // "usb:1-2"
  std::uint8_t major = 0, minor = 0;
  std::uint16_t patch = 0;
  std::uint32_t build = 0;
  std::uint32_t security_counter = 0;  // an image below it is refused
  std::uint8_t running_slot = 0;       // 0 = A, 1 = B
  bool test_boot = false;              // the running image is on its first, unconfirmed boot
  std::array<FirmwareSlotState, 2> slots{};
  std::uint32_t last_refusal = 0;      // firmware/IMAGE.md §5 code of this boot's refusal, 0 = none
};

struct DownloadProgress {
  std::size_t sent = 0;
  std::size_t total = 0;
};
using ProgressFn = std::function<void(const DownloadProgress&)>;

class ScannerUpdater {
 public:
  virtual ~ScannerUpdater() = default;

  // The running scanner's boot status. `serial` "" = the only scanner
  // attached. Errors: kUnavailable (none, or none with that serial),
  // kInvalidArgument (several attached and no serial named), kProtocol (an
  // answer of the wrong shape), kIo.
  virtual Result<ScannerBootStatus> status(const std::string& serial) = 0;

  // Sends `image` whole into the scanner's inactive slot and restarts it so
  // that its bootloader tries the image; returns once the scanner answers
  // again. A scanner already waiting in update mode (an earlier attempt
  // cut short) is taken as it is. Errors: kUnavailable (the scanner left
  // during the transfer: nothing was made pending, try again),
  // kCorrupt/kPermissionDenied (the device refused the image, named),
  // kProtocol, kTimeout, kIo.
  virtual Status download(const std::string& serial, std::span<const std::uint8_t> image,
                          const ProgressFn& progress) = 0;
};

}  // namespace hal
