#include "usb_access.hpp"

#include <cstdio>

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
