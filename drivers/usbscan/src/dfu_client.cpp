#include "dfu_client.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "usb_access.hpp"

namespace drivers {

using dfuwire::State;

namespace {

hal::ErrorCode code_of(std::uint8_t status) {
  switch (status) {
    case 1:   // errTARGET
    case 2:   // errFILE
    case 7:   // errVERIFY
    case 8:   // errADDRESS
      return hal::ErrorCode::kCorrupt;
    case 9:   // errNOTDONE
    case 15:  // errSTALLEDPKT
      return hal::ErrorCode::kProtocol;
    default:
      return hal::ErrorCode::kIo;
  }
}

}  // namespace

hal::Error DfuClient::refused(const dfuwire::Status& s, const std::string& phase) const {
  return hal::make_error(code_of(s.status), name_ + " refused the update during " + phase + ": " +
                                                dfuwire::status_name(s.status) + " (" +
                                                dfuwire::status_meaning(s.status) + "), state " +
                                                dfuwire::state_name(s.state) +
                                                "; its running firmware is unchanged");
}

hal::Result<dfuwire::Status> DfuClient::get_status() {
  std::uint8_t answer[dfuwire::kStatusLength] = {};
  const int n = libusb_control_transfer(handle_, dfuwire::kClassIn, dfuwire::kGetStatus, 0, interface_, answer,
                                        sizeof answer, limits_.control_timeout_ms);
  if (n < 0) return usbaccess::error_of(n, name_, "DFU_GETSTATUS");
  return dfuwire::parse_status(std::span<const std::uint8_t>(answer, static_cast<std::size_t>(n)), name_);
}

hal::Status DfuClient::request_out(std::uint8_t request, std::uint16_t value, std::span<const std::uint8_t> data,
                                   const std::string& what) {
  // libusb takes a non-const buffer even for OUT transfers.
  auto* buffer = const_cast<std::uint8_t*>(data.data());
  const int n = libusb_control_transfer(handle_, dfuwire::kClassOut, request, value, interface_, buffer,
                                        static_cast<std::uint16_t>(data.size()), limits_.control_timeout_ms);
  if (n == LIBUSB_ERROR_PIPE) {
    // A stalled request leaves dfuERROR and its bStatus behind.
    auto status = get_status();
    if (status && status->status != dfuwire::kStatusOk) return refused(*status, what);
    return hal::make_error(hal::ErrorCode::kProtocol, name_ + " stalled " + what);
  }
  if (n < 0) return usbaccess::error_of(n, name_, what);
  return {};
}

hal::Status DfuClient::detach(std::uint16_t timeout_ms) {
  return request_out(dfuwire::kDetach, timeout_ms, {}, "DFU_DETACH");
}

hal::Result<dfuwire::Status> DfuClient::poll_while(std::initializer_list<State> busy, const std::string& phase) {
  // A device answering "busy, poll again in 0 ms" for ever is hung too.
  constexpr int kMostPolls = 100000;
  std::uint32_t waited_ms = 0;
  for (int polls = 0;; ++polls) {
    auto s = get_status();
    if (!s) return s.error();
    if (s->status != dfuwire::kStatusOk || s->state == State::kError) return refused(*s, phase);
    if (std::find(busy.begin(), busy.end(), s->state) == busy.end()) return s;
    // The device asked for this long before it will answer the next one.
    waited_ms += s->poll_timeout_ms;
    if (waited_ms > limits_.longest_wait_ms || polls > kMostPolls) {
      return hal::make_error(hal::ErrorCode::kTimeout, name_ + " stayed in " + dfuwire::state_name(s->state) +
                                                           " during " + phase + " for over " +
                                                           std::to_string(limits_.longest_wait_ms / 1000) +
                                                           " s of announced poll timeouts; it looks hung");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(s->poll_timeout_ms));
  }
}

hal::Status DfuClient::make_idle() {
  auto s = get_status();
  if (!s) return s.error();
  if (s->state == State::kError) HAL_TRY(request_out(dfuwire::kClrStatus, 0, {}, "DFU_CLRSTATUS"));
  if (s->state == State::kDnloadIdle || s->state == State::kUploadIdle) {
    HAL_TRY(request_out(dfuwire::kAbort, 0, {}, "DFU_ABORT"));
  }
  s = get_status();
  if (!s) return s.error();
  if (s->state != State::kIdle) {
    return hal::make_error(hal::ErrorCode::kProtocol, name_ + " is in " + dfuwire::state_name(s->state) +
                                                          ", not dfuIDLE, and did not leave it for a new download");
  }
  block_ = 0;
  return {};
}

hal::Status DfuClient::download(std::span<const std::uint8_t> image, std::uint16_t transfer_size,
                                const hal::ProgressFn& progress) {
  for (std::size_t sent = 0; sent < image.size();) {
    const std::size_t n = std::min<std::size_t>(transfer_size, image.size() - sent);
    const std::string what = "DFU_DNLOAD of block " + std::to_string(block_) + " (bytes " + std::to_string(sent) +
                             ".." + std::to_string(sent + n) + ")";
    HAL_TRY(request_out(dfuwire::kDnload, block_, image.subspan(sent, n), what));
    auto settled = poll_while({State::kDnloadSync, State::kDnBusy}, what);
    if (!settled) return settled.error();
    if (settled->state != State::kDnloadIdle) {
      return hal::make_error(hal::ErrorCode::kProtocol, name_ + " went to " + dfuwire::state_name(settled->state) +
                                                            " after " + what + ", not dfuDNLOAD-IDLE");
    }
    sent += n;
    ++block_;
    if (progress) progress({sent, image.size()});
  }
  return {};
}

hal::Status DfuClient::manifest() {
  HAL_TRY(request_out(dfuwire::kDnload, block_, {}, "the final zero-length DFU_DNLOAD"));
  auto settled = poll_while({State::kDnloadSync, State::kManifestSync, State::kManifest}, "manifestation");
  if (!settled) return settled.error();
  if (settled->state != State::kIdle && settled->state != State::kManifestWaitReset) {
    return hal::make_error(hal::ErrorCode::kProtocol, name_ + " ended manifestation in " +
                                                          dfuwire::state_name(settled->state) +
                                                          ", not dfuIDLE or dfuMANIFEST-WAIT-RESET");
  }
  return {};
}

}  // namespace drivers
