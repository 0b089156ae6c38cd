// USB DFU 1.1 as the host sees it (USB Device Firmware Upgrade 1.1, §4-§6):
// class requests, the DFU_GETSTATUS answer, the states and status codes by
// their specification names, and the functional descriptor.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "hal/result.hpp"

namespace drivers::dfuwire {

inline constexpr std::uint8_t kDetach = 0, kDnload = 1, kUpload = 2, kGetStatus = 3, kClrStatus = 4, kGetState = 5,
                              kAbort = 6;
inline constexpr std::uint8_t kClassOut = 0x21, kClassIn = 0xA1;  // class request to an interface
inline constexpr std::size_t kStatusLength = 6;

// bState (DFU 1.1 §6.1.2).
enum class State : std::uint8_t {
  kAppIdle = 0,
  kAppDetach = 1,
  kIdle = 2,
  kDnloadSync = 3,
  kDnBusy = 4,
  kDnloadIdle = 5,
  kManifestSync = 6,
  kManifest = 7,
  kManifestWaitReset = 8,
  kUploadIdle = 9,
  kError = 10,
};

inline constexpr std::uint8_t kStatusOk = 0;

struct Status {
  std::uint8_t status = kStatusOk;  // bStatus
  std::uint32_t poll_timeout_ms = 0;
  State state = State::kIdle;
};

// "dfuDNBUSY", "errVERIFY": the names the specification and dfu-util use.
std::string state_name(State state);
std::string status_name(std::uint8_t status);
// What a bStatus means, in a few words ("the programmed image failed verification").
std::string status_meaning(std::uint8_t status);

// Errors: kProtocol (too short, or a state beyond dfuERROR).
hal::Result<Status> parse_status(std::span<const std::uint8_t> answer, const std::string& device);

struct Functional {
  bool can_download = false;
  bool manifestation_tolerant = false;
  bool will_detach = false;
  std::uint16_t detach_timeout_ms = 0;
  std::uint16_t transfer_size = 0;
};

// The DFU functional descriptor (type 0x21) among an interface's extra
// descriptors. Errors: kProtocol (missing, short, or a transfer size of 0).
hal::Result<Functional> find_functional(std::span<const std::uint8_t> extra, const std::string& device);

}  // namespace drivers::dfuwire
