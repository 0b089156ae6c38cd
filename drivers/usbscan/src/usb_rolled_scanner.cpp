#include "drivers/usb_rolled_scanner.hpp"

#include <optional>
#include <utility>
#include <vector>

#include "capture_wire.hpp"
#include "drivers/usb_scanners.hpp"
#include "usb_access.hpp"

namespace drivers {

using usbwire::MessageType;

namespace usbdetail {

struct OpenScanner {
  usbaccess::Context context{nullptr, &libusb_exit};
  libusb_device_handle* handle = nullptr;
  std::string name;  // "scanner SERIAL at usb:1-2", for every message
  usbwire::DeviceInfo info;
  std::string product;
  std::vector<std::uint8_t> buffer;  // one message and the short packet that ends it
  bool claimed = false;
  bool capturing = false;      // a HAL session runs
  bool roll_running = false;   // the device may still stream: STOP_ROLL and drain before the next roll
  bool unplugged = false;
  std::uint32_t expected_sequence = 0;
  std::optional<std::uint32_t> first_timestamp_ms;

  ~OpenScanner() {
    if (handle) {
      if (claimed) libusb_release_interface(handle, 0);
      libusb_close(handle);
    }
  }
};

}  // namespace usbdetail

namespace {

using usbdetail::OpenScanner;
using Device = std::unique_ptr<OpenScanner>;

hal::Error failed_precondition(const std::string& what) {
  return hal::make_error(hal::ErrorCode::kFailedPrecondition, what);
}

hal::Result<usbwire::DeviceInfo> read_info(OpenScanner& d, unsigned timeout_ms) {
  std::uint8_t block[64] = {};
  int n = libusb_control_transfer(d.handle, usbwire::kVendorIn, usbwire::kGetInfo, 0, 0, block, sizeof block, timeout_ms);
  if (n < 0) return usbaccess::error_of(n, d.name, "GET_INFO");
  return usbwire::parse_info(std::span<const std::uint8_t>(block, static_cast<std::size_t>(n)), d.name);
}

// The device's last error (GET_ERROR), for a message after a stall.
std::string last_error(OpenScanner& d, unsigned timeout_ms) {
  std::uint8_t report[usbwire::kErrorReportLength] = {};
  int n = libusb_control_transfer(d.handle, usbwire::kVendorIn, usbwire::kGetError, 0, 0, report, sizeof report,
                                  timeout_ms);
  if (n < static_cast<int>(sizeof report)) return "unknown";
  return usbwire::error_name(usbwire::parse_error_report(report).code);
}

hal::Status vendor_out(OpenScanner& d, std::uint8_t request, std::uint16_t value, const char* what,
                       unsigned timeout_ms) {
  int rc = libusb_control_transfer(d.handle, usbwire::kVendorOut, request, value, 0, nullptr, 0, timeout_ms);
  if (rc == LIBUSB_ERROR_PIPE) {
    return hal::make_error(hal::ErrorCode::kIo, d.name + " refused " + what + " (device error: " +
                                                    last_error(d, timeout_ms) + ")");
  }
  if (rc == LIBUSB_ERROR_NO_DEVICE) d.unplugged = true;
  if (rc < 0) return usbaccess::error_of(rc, d.name, what);
  return {};
}

hal::Result<Device> open_device(const UsbRolledScannerOptions& options) {
  auto d = std::make_unique<OpenScanner>();
  auto context = usbaccess::start();
  if (!context) return context.error();
  d->context = std::move(*context);
  // DFU mode has no capture interface.
  HAL_TRY(usbaccess::find_scanner(d->context.get(), options.serial, usbaccess::Mode::application, d->handle, d->name));
  HAL_TRY(usbaccess::check_capture_interface(libusb_get_device(d->handle), d->name));
  if (int rc = libusb_claim_interface(d->handle, 0); rc != 0) {
    return usbaccess::error_of(rc, d->name, "claiming the capture interface");
  }
  d->claimed = true;
  auto info = read_info(*d, static_cast<unsigned>(options.control_timeout.count()));
  if (!info) return info.error();
  d->info = std::move(*info);
  unsigned char product[128] = {};
  libusb_device_descriptor desc{};
  if (libusb_get_device_descriptor(libusb_get_device(d->handle), &desc) == 0 &&
      libusb_get_string_descriptor_ascii(d->handle, desc.iProduct, product, sizeof product) > 0) {
    d->product = reinterpret_cast<char*>(product);
  }
  // Room for the largest message and the short packet that ends it.
  const std::size_t room = (d->info.largest_message / usbwire::kPacket + 1) * usbwire::kPacket;
  d->buffer.resize(room);
  return d;
}

}  // namespace

UsbRolledScanner::UsbRolledScanner(UsbRolledScannerOptions options) : options_(std::move(options)) {}
UsbRolledScanner::~UsbRolledScanner() = default;

hal::Result<void> UsbRolledScanner::open() {
  if (device_ && !device_->unplugged) return {};
  device_.reset();
  auto opened = open_device(options_);
  if (!opened) return opened.error();
  device_ = std::move(*opened);
  return {};
}

hal::Result<hal::ScannerInfo> UsbRolledScanner::info() const {
  if (!device_) return failed_precondition("the USB scanner is not open");
  const auto& i = device_->info;
  hal::ScannerInfo out;
  out.id = i.serial;
  out.model = device_->product.empty() ? "Reference rolled scanner" : device_->product;
  out.firmware_version = usbwire::version_text(i) + (i.test_image ? " (test image, not yet confirmed)" : "");
  out.width = i.width;
  out.height = i.height;
  out.ppi = i.ppi;
  out.frame_rate = 1e6 / i.frame_interval_us;
  return out;
}

hal::Result<void> UsbRolledScanner::start_capture() {
  if (!device_) return failed_precondition("the USB scanner is not open");
  if (device_->capturing) return failed_precondition(device_->name + " is already capturing");
  if (device_->unplugged) {
    return hal::make_error(hal::ErrorCode::kUnavailable, device_->name + " was unplugged; plug it in and open it again");
  }
  const auto timeout = static_cast<unsigned>(options_.control_timeout.count());
  HAL_TRY(vendor_out(*device_, usbwire::kStartRoll, 0, "START_ROLL", timeout));
  device_->capturing = true;
  device_->roll_running = true;
  device_->expected_sequence = 0;
  device_->first_timestamp_ms.reset();
  return {};
}

namespace {

hal::Error unplugged_mid_roll(OpenScanner& d) {
  d.unplugged = true;
  d.roll_running = false;
  return hal::make_error(hal::ErrorCode::kUnavailable,
                         d.name + " was unplugged during the roll (after message " +
                             std::to_string(d.expected_sequence) + "); plug it in again and roll the finger again");
}

hal::Error oversized(const OpenScanner& d) {
  return hal::make_error(hal::ErrorCode::kCorrupt,
                         d.name + " sent a message longer than its largest (" +
                             std::to_string(d.info.largest_message) + " bytes): an oversized transfer was dropped");
}

// One transfer: one whole message, or why there is none.
hal::Result<std::size_t> receive(OpenScanner& d, std::chrono::milliseconds timeout) {
  int got = 0;
  int rc = libusb_bulk_transfer(d.handle, usbwire::kBulkIn, d.buffer.data(), static_cast<int>(d.buffer.size()), &got,
                                static_cast<unsigned>(timeout.count()));
  switch (rc) {
    case 0: break;
    case LIBUSB_ERROR_NO_DEVICE: return unplugged_mid_roll(d);
    case LIBUSB_ERROR_TIMEOUT:
      return hal::make_error(hal::ErrorCode::kTimeout, d.name + " sent no frame within " +
                                                           std::to_string(timeout.count()) + " ms");
    case LIBUSB_ERROR_OVERFLOW: return oversized(d);
    case LIBUSB_ERROR_PIPE: {
      libusb_clear_halt(d.handle, usbwire::kBulkIn);
      return hal::make_error(hal::ErrorCode::kIo, d.name + " stalled its frame endpoint 0x81 after message " +
                                                      std::to_string(d.expected_sequence) + " (device error: " +
                                                      last_error(d, 1000) + "); the roll is over, roll again");
    }
    default: return usbaccess::error_of(rc, d.name, "reading frames from endpoint 0x81");
  }
  // No short packet within the room for the largest message: it is longer.
  if (static_cast<std::size_t>(got) == d.buffer.size()) return oversized(d);
  return static_cast<std::size_t>(got);
}

hal::Error device_ended_roll(OpenScanner& d, const usbwire::MessageHeader& h) {
  d.roll_running = false;
  if (h.type == MessageType::kRollEnd) {
    return hal::make_error(hal::ErrorCode::kIo, d.name + " ended the roll by itself at message " +
                                                    std::to_string(h.sequence));
  }
  const auto report = usbwire::parse_error_report(
      std::span<const std::uint8_t>(d.buffer.data() + usbwire::kHeaderLength, usbwire::kErrorReportLength));
  return hal::make_error(hal::ErrorCode::kIo, d.name + " reported " + usbwire::error_name(report.code) +
                                                  " (sensor code " + std::to_string(report.detail) + ") at message " +
                                                  std::to_string(h.sequence) + "; the roll is over, roll again");
}

}  // namespace

hal::Result<hal::Frame> UsbRolledScanner::next_frame(std::chrono::milliseconds timeout) {
  if (!device_ || !device_->capturing) return failed_precondition("the USB scanner has no capture session running");
  usbdetail::OpenScanner& d = *device_;
  if (d.unplugged) return unplugged_mid_roll(d);
  auto got = receive(d, timeout);
  if (!got) return got.error();
  auto header = usbwire::parse_message(std::span<const std::uint8_t>(d.buffer.data(), *got), d.info, d.name);
  if (!header) return header.error();
  if (header->sequence < d.expected_sequence) {
    return hal::make_error(hal::ErrorCode::kCorrupt,
                           d.name + " sent message " + std::to_string(header->sequence) + " out of sequence (" +
                               std::to_string(d.expected_sequence) + " was due); the message was dropped");
  }
  if (header->type != MessageType::kFrame) return device_ended_roll(d, *header);
  // A sequence number past the one due means messages were lost: the frame
  // keeps its number, so the gap shows.
  d.expected_sequence = header->sequence + 1;
  if (!d.first_timestamp_ms) d.first_timestamp_ms = header->timestamp_ms;
  hal::Frame frame;
  frame.sequence = header->sequence;
  frame.timestamp = std::chrono::milliseconds(header->timestamp_ms - *d.first_timestamp_ms);  // wraps as the device's
  frame.width = header->width;
  frame.height = header->height;
  const auto* pixels = d.buffer.data() + usbwire::kHeaderLength;
  frame.pixels.assign(pixels, pixels + header->payload_length);
  return frame;
}

hal::Result<void> UsbRolledScanner::stop_capture() {
  if (!device_ || !device_->capturing) return {};
  usbdetail::OpenScanner& d = *device_;
  d.capturing = false;
  if (d.unplugged || !d.roll_running) return {};
  const auto timeout = static_cast<unsigned>(options_.control_timeout.count());
  HAL_TRY(vendor_out(d, usbwire::kStopRoll, 0, "STOP_ROLL", timeout));
  // Frames already on their way come first, then ROLL_END (or an ERROR).
  const auto deadline = std::chrono::steady_clock::now() + options_.stop_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto got = receive(d, options_.stop_timeout);
    if (!got) {
      if (got.error().code == hal::ErrorCode::kCorrupt) continue;
      if (d.unplugged) return {};
      return got.error();
    }
    auto header = usbwire::parse_message(std::span<const std::uint8_t>(d.buffer.data(), *got), d.info, d.name);
    if (header && header->type != MessageType::kFrame) {
      d.roll_running = false;
      return {};
    }
  }
  return hal::make_error(hal::ErrorCode::kIo, d.name + " did not end the roll within " +
                                                  std::to_string(options_.stop_timeout.count()) +
                                                  " ms of STOP_ROLL; unplug it and plug it in again");
}

void UsbRolledScanner::close() { device_.reset(); }

}  // namespace drivers
