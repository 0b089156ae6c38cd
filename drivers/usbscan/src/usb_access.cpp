#include "usb_access.hpp"

#include <cstdio>

#include "drivers/usb_scanners.hpp"

namespace drivers::usbaccess {

hal::Result<Context> start() {
  libusb_context* raw = nullptr;
  if (int rc = libusb_init(&raw); rc != 0) {
    return hal::make_error(hal::ErrorCode::kUnavailable, std::string("libusb could not start: ") + libusb_strerror(rc));
  }
  return Context(raw, &libusb_exit);
}

std::string location_of(libusb_device* device) {
  std::uint8_t ports[8];
  int depth = libusb_get_port_numbers(device, ports, sizeof ports);
  std::string id = "usb:" + std::to_string(libusb_get_bus_number(device)) + "-";
  for (int i = 0; i < depth; ++i) id += (i ? "." : "") + std::to_string(ports[i]);
  if (depth <= 0) id += std::to_string(libusb_get_device_address(device));
  return id;
}

std::string bcd_version(std::uint16_t bcd) {
  auto two = [](unsigned v) { return std::to_string((v >> 4 & 0xF) * 10 + (v & 0xF)); };
  return two(bcd >> 8) + "." + two(bcd & 0xFF);
}

std::string serial_of(libusb_device_handle* handle, const libusb_device_descriptor& descriptor) {
  if (descriptor.iSerialNumber == 0) return {};
  unsigned char text[128] = {};
  int n = libusb_get_string_descriptor_ascii(handle, descriptor.iSerialNumber, text, sizeof text);
  return n > 0 ? std::string(reinterpret_cast<char*>(text), static_cast<std::size_t>(n)) : std::string();
}

namespace {

struct ConfigHolder {
  libusb_config_descriptor* config = nullptr;
  ~ConfigHolder() {
    if (config) libusb_free_config_descriptor(config);
  }
};

constexpr std::uint8_t kVendorClass = 0xFF, kDfuClass = 0xFE, kDfuModeProtocol = 2;

}  // namespace

bool in_dfu_mode(libusb_device* device) {
  ConfigHolder held;
  if (libusb_get_config_descriptor(device, 0, &held.config) != 0) return false;
  if (held.config->bNumInterfaces < 1 || held.config->interface[0].num_altsetting < 1) return false;
  const auto& alt = held.config->interface[0].altsetting[0];
  return alt.bInterfaceClass == kDfuClass && alt.bInterfaceProtocol == kDfuModeProtocol;
}

hal::Status check_capture_interface(libusb_device* device, const std::string& name) {
  auto lying = [&](const std::string& what) {
    return hal::make_error(hal::ErrorCode::kProtocol, name + " has descriptors this station does not know: " + what +
                                                          " (firmware/PROTOCOL.md §2 wants interface 0 of class 0xFF "
                                                          "with bulk IN endpoint 0x81 of 512-byte packets)");
  };
  ConfigHolder held;
  if (int rc = libusb_get_active_config_descriptor(device, &held.config); rc != 0) {
    return lying(std::string("no readable configuration (") + libusb_strerror(rc) + ")");
  }
  if (held.config->bNumInterfaces < 1 || held.config->interface[0].num_altsetting < 1) {
    return lying("no interface 0");
  }
  const auto& alt = held.config->interface[0].altsetting[0];
  if (alt.bInterfaceClass != kVendorClass) {
    return lying("interface 0 has class 0x" + std::to_string(alt.bInterfaceClass));
  }
  for (int i = 0; i < alt.bNumEndpoints; ++i) {
    const auto& ep = alt.endpoint[i];
    if (ep.bEndpointAddress != 0x81) continue;
    if ((ep.bmAttributes & 0x03) != LIBUSB_TRANSFER_TYPE_BULK) return lying("endpoint 0x81 is not bulk");
    if (ep.wMaxPacketSize != 512) {
      return lying("endpoint 0x81 sends packets of " + std::to_string(ep.wMaxPacketSize) + " bytes");
    }
    return {};
  }
  std::string found;
  for (int i = 0; i < alt.bNumEndpoints; ++i) {
    char hex[8];
    std::snprintf(hex, sizeof hex, " 0x%02X", alt.endpoint[i].bEndpointAddress);
    found += hex;
  }
  return lying("interface 0 has no endpoint 0x81 (its endpoints:" + (found.empty() ? std::string(" none") : found) + ")");
}

namespace {

bool wanted(libusb_device* device, Mode mode) {
  if (mode == Mode::any) return true;
  return in_dfu_mode(device) == (mode == Mode::dfu);
}

const char* mode_text(Mode mode) {
  switch (mode) {
    case Mode::application: return ", application mode";
    case Mode::dfu: return ", DFU mode";
    case Mode::any: return "";
  }
  return "";
}

}  // namespace

hal::Status find_scanner(libusb_context* context, const std::string& serial, Mode mode, libusb_device_handle*& handle,
                         std::string& name, std::string* found_serial) {
  libusb_device** list = nullptr;
  ssize_t count = libusb_get_device_list(context, &list);
  if (count < 0) {
    return hal::make_error(hal::ErrorCode::kUnavailable, std::string("libusb could not list USB devices: ") +
                                                             libusb_strerror(static_cast<int>(count)));
  }
  std::string seen;
  hal::Status outcome = hal::make_error(hal::ErrorCode::kUnavailable, "");
  for (ssize_t i = 0; i < count && !handle; ++i) {
    libusb_device_descriptor desc{};
    if (libusb_get_device_descriptor(list[i], &desc) != 0) continue;
    if (desc.idVendor != kScannerVendorId || desc.idProduct != kScannerProductId || !wanted(list[i], mode)) continue;
    libusb_device_handle* h = nullptr;
    const std::string where = location_of(list[i]);
    if (int rc = libusb_open(list[i], &h); rc != 0) {
      outcome = error_of(rc, "the scanner at " + where, "opening it");
      continue;
    }
    const std::string s = serial_of(h, desc);
    if (s.empty() && desc.iSerialNumber != 0) {
      // Listed but silent: a device that died or is going away.
      outcome = hal::make_error(hal::ErrorCode::kUnavailable, "the scanner at " + where +
                                                                  " does not answer (unplugged or without power); "
                                                                  "plug it in again");
      libusb_close(h);
      continue;
    }
    if (!serial.empty() && s != serial) {
      seen += (seen.empty() ? "" : ", ") + s;
      libusb_close(h);
      continue;
    }
    handle = h;
    if (found_serial) *found_serial = s;
    name = "scanner " + (s.empty() ? std::string("(no serial)") : s) + " at " + where;
  }
  libusb_free_device_list(list, 1);
  if (handle) return {};
  if (!outcome.error().message.empty()) return outcome;
  if (!serial.empty()) {
    return hal::make_error(hal::ErrorCode::kUnavailable,
                           "no rolled scanner with serial " + serial + " is attached (USB 1209:0004" +
                               (seen.empty() ? std::string(", none at all)") : "; attached: " + seen + ")"));
  }
  return hal::make_error(hal::ErrorCode::kUnavailable,
                         std::string("no rolled scanner (USB 1209:0004") + mode_text(mode) + ") is attached; plug it in");
}

hal::Error error_of(int rc, const std::string& name, const std::string& what) {
  hal::ErrorCode code = hal::ErrorCode::kIo;
  std::string hint;
  switch (rc) {
    case LIBUSB_ERROR_NO_DEVICE:
      code = hal::ErrorCode::kUnavailable;
      hint = ": it was unplugged or lost power; plug it in again";
      break;
    case LIBUSB_ERROR_ACCESS:
      code = hal::ErrorCode::kPermissionDenied;
      hint = ": this user may not use the device (udev rule for 1209:0004)";
      break;
    case LIBUSB_ERROR_BUSY:
      code = hal::ErrorCode::kBusy;
      hint = ": another program holds it";
      break;
    case LIBUSB_ERROR_TIMEOUT:
      code = hal::ErrorCode::kTimeout;
      break;
    default:
      break;
  }
  return hal::make_error(code, name + ": " + what + " failed (" + libusb_strerror(rc) + ")" + hint);
}

}  // namespace drivers::usbaccess
