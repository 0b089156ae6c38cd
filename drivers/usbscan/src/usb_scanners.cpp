#include "drivers/usb_scanners.hpp"

#include <libusb.h>

#include <filesystem>
#include <memory>

namespace drivers {

namespace {

std::string location_of(libusb_device* device) {
  std::uint8_t ports[8];
  int depth = libusb_get_port_numbers(device, ports, sizeof ports);
  std::string id = "usb:" + std::to_string(libusb_get_bus_number(device)) + "-";
  for (int i = 0; i < depth; ++i) id += (i ? "." : "") + std::to_string(ports[i]);
  return id;
}

}  // namespace

hal::Result<std::vector<UsbScannerLocation>> list_usb_scanners(std::uint16_t vendor_id, std::uint16_t product_id) {
  std::error_code ec;
  if (!std::filesystem::exists("/dev/bus/usb", ec)) return std::vector<UsbScannerLocation>{};
  libusb_context* raw = nullptr;
  if (int rc = libusb_init(&raw); rc != 0) {
    return hal::make_error(hal::ErrorCode::kUnavailable, std::string("libusb could not start: ") + libusb_strerror(rc));
  }
  std::unique_ptr<libusb_context, decltype(&libusb_exit)> context(raw, &libusb_exit);
  libusb_device** list = nullptr;
  ssize_t count = libusb_get_device_list(context.get(), &list);
  if (count < 0) {
    return hal::make_error(hal::ErrorCode::kUnavailable,
                           std::string("libusb could not list devices: ") + libusb_strerror(static_cast<int>(count)));
  }
  std::vector<UsbScannerLocation> found;
  for (ssize_t i = 0; i < count; ++i) {
    libusb_device_descriptor desc{};
    if (libusb_get_device_descriptor(list[i], &desc) != 0) continue;
    if (desc.idVendor == vendor_id && desc.idProduct == product_id) {
      found.push_back({location_of(list[i]), desc.idVendor, desc.idProduct});
    }
  }
  libusb_free_device_list(list, 1);
  return found;
}

}  // namespace drivers
