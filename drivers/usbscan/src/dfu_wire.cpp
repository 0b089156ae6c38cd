#include "dfu_wire.hpp"

#include <array>

namespace drivers::dfuwire {

namespace {

struct StatusText {
  const char* name;
  const char* meaning;
};

// DFU 1.1 §6.1.2, in our words.
constexpr std::array<StatusText, 16> kStatuses{{
    {"OK", "no error"},
    {"errTARGET", "the file is not meant for this device"},
    {"errFILE", "the file failed the device's own checks"},
    {"errWRITE", "the device could not write its memory"},
    {"errERASE", "erasing the memory failed"},
    {"errCHECK_ERASED", "the memory did not read back erased"},
    {"errPROG", "programming the memory failed"},
    {"errVERIFY", "the programmed image failed verification"},
    {"errADDRESS", "the image runs past the memory it may be written to"},
    {"errNOTDONE", "the download ended before the device had all the data"},
    {"errFIRMWARE", "the device's firmware is corrupt and cannot run"},
    {"errVENDOR", "a vendor-specific error"},
    {"errUSBR", "an unexpected USB reset"},
    {"errPOR", "an unexpected power-on reset"},
    {"errUNKNOWN", "an error the device cannot name"},
    {"errSTALLEDPKT", "the device stalled an unexpected request"},
}};

constexpr std::array<const char*, 11> kStates{"appIDLE",       "appDETACH", "dfuIDLE",  "dfuDNLOAD-SYNC",
                                              "dfuDNBUSY",     "dfuDNLOAD-IDLE", "dfuMANIFEST-SYNC", "dfuMANIFEST",
                                              "dfuMANIFEST-WAIT-RESET", "dfuUPLOAD-IDLE", "dfuERROR"};

constexpr std::uint8_t kFunctionalType = 0x21;
constexpr std::size_t kFunctionalLength = 9;

}  // namespace

std::string state_name(State state) {
  const auto i = static_cast<std::size_t>(state);
  return i < kStates.size() ? kStates[i] : "state " + std::to_string(i);
}

std::string status_name(std::uint8_t status) {
  return status < kStatuses.size() ? kStatuses[status].name : "status " + std::to_string(status);
}

std::string status_meaning(std::uint8_t status) {
  return status < kStatuses.size() ? kStatuses[status].meaning : "a status DFU 1.1 does not define";
}

hal::Result<Status> parse_status(std::span<const std::uint8_t> a, const std::string& device) {
  if (a.size() < kStatusLength) {
    return hal::make_error(hal::ErrorCode::kProtocol, device + " answered DFU_GETSTATUS with " +
                                                          std::to_string(a.size()) + " bytes, not 6");
  }
  if (a[4] >= kStates.size()) {
    return hal::make_error(hal::ErrorCode::kProtocol,
                           device + " reports DFU state " + std::to_string(a[4]) + ", which DFU 1.1 does not define");
  }
  return Status{a[0], std::uint32_t{a[1]} | std::uint32_t{a[2]} << 8 | std::uint32_t{a[3]} << 16,
                static_cast<State>(a[4])};
}

hal::Result<Functional> find_functional(std::span<const std::uint8_t> extra, const std::string& device) {
  for (std::size_t at = 0; at + 2 <= extra.size() && extra[at] >= 2; at += extra[at]) {
    if (extra[at + 1] != kFunctionalType) continue;
    if (extra[at] < kFunctionalLength || at + kFunctionalLength > extra.size()) break;
    const auto d = extra.subspan(at, kFunctionalLength);
    Functional f;
    f.can_download = (d[2] & 0x01) != 0;
    f.manifestation_tolerant = (d[2] & 0x04) != 0;
    f.will_detach = (d[2] & 0x08) != 0;
    f.detach_timeout_ms = static_cast<std::uint16_t>(d[3] | d[4] << 8);
    f.transfer_size = static_cast<std::uint16_t>(d[5] | d[6] << 8);
    if (f.transfer_size == 0) {
      return hal::make_error(hal::ErrorCode::kProtocol,
                             device + "'s DFU functional descriptor gives a transfer size of 0 bytes");
    }
    return f;
  }
  return hal::make_error(hal::ErrorCode::kProtocol,
                         device + " has no well-formed DFU functional descriptor (9 bytes, type 0x21) on its DFU "
                                  "interface, so its transfer size is unknown");
}

}  // namespace drivers::dfuwire
