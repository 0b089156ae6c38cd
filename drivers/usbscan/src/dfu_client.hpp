// A USB DFU 1.1 host over one open libusb handle (DFU 1.1 §6-§7): DETACH in
// run-time mode; in DFU mode, back to dfuIDLE from where an earlier attempt
// left the device, DNLOAD blocks each followed by DFU_GETSTATUS polls that
// wait the bwPollTimeout the device announces, and the manifestation phase.
// Every bStatus error is named as the specification names it.
#pragma once

#include <libusb.h>

#include <cstdint>
#include <span>
#include <string>

#include "dfu_wire.hpp"
#include "hal/result.hpp"
#include "hal/scanner_updater.hpp"

namespace drivers {

struct DfuLimits {
  unsigned control_timeout_ms = 2000;
  // A device may announce any bwPollTimeout (up to 16.7 min); one phase
  // waiting longer than this is given up as hung.
  std::uint32_t longest_wait_ms = 30000;
};

class DfuClient {
 public:
  DfuClient(libusb_device_handle* handle, std::uint8_t interface, std::string name, DfuLimits limits = {})
      : handle_(handle), interface_(interface), name_(std::move(name)), limits_(limits) {}

  hal::Status detach(std::uint16_t timeout_ms);
  // CLRSTATUS out of dfuERROR, ABORT out of a download or upload left
  // half-way: the device ends in dfuIDLE, or the error says where it is.
  hal::Status make_idle();
  // DNLOAD of `image` in blocks of `transfer_size`, each polled until the
  // device is ready for the next; `progress` after each block.
  hal::Status download(std::span<const std::uint8_t> image, std::uint16_t transfer_size,
                       const hal::ProgressFn& progress);
  // The zero-length DNLOAD, then polls through manifestation until the
  // device is idle again (manifestation tolerant) or waits for a reset.
  hal::Status manifest();

 private:
  hal::Result<dfuwire::Status> get_status();
  hal::Status request_out(std::uint8_t request, std::uint16_t value, std::span<const std::uint8_t> data,
                          const std::string& what);
  // GETSTATUS, waiting each announced poll timeout, while the device is in
  // one of `busy`; then the state it settled in.
  hal::Result<dfuwire::Status> poll_while(std::initializer_list<dfuwire::State> busy, const std::string& phase);
  hal::Error refused(const dfuwire::Status& status, const std::string& phase) const;

  libusb_device_handle* handle_;
  std::uint8_t interface_;
  std::string name_;
  DfuLimits limits_;
  std::uint16_t block_ = 0;
};

}  // namespace drivers
