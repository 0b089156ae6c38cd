#include "drivers/usb_scanners.hpp"

#include <filesystem>

#include "usb_access.hpp"

namespace drivers {

namespace {

UsbScannerLocation describe(libusb_device* device, const libusb_device_descriptor& desc) {
  UsbScannerLocation found{usbaccess::location_of(device), desc.idVendor, desc.idProduct, {},
                           usbaccess::bcd_version(desc.bcdDevice), usbaccess::in_dfu_mode(device)};
  libusb_device_handle* handle = nullptr;
  if (libusb_open(device, &handle) == 0) {
    found.serial = usbaccess::serial_of(handle, desc);
    libusb_close(handle);
  }
  return found;
}

}  // namespace

hal::Result<std::vector<UsbScannerLocation>> list_usb_scanners(std::uint16_t vendor_id, std::uint16_t product_id) {
  std::error_code ec;
  if (!std::filesystem::exists("/dev/bus/usb", ec)) return std::vector<UsbScannerLocation>{};
  auto context = usbaccess::start();
  if (!context) return context.error();
  libusb_device** list = nullptr;
  ssize_t count = libusb_get_device_list(context->get(), &list);
  if (count < 0) {
    return hal::make_error(hal::ErrorCode::kUnavailable,
                           std::string("libusb could not list devices: ") + libusb_strerror(static_cast<int>(count)));
  }
  std::vector<UsbScannerLocation> found;
  for (ssize_t i = 0; i < count; ++i) {
    libusb_device_descriptor desc{};
    if (libusb_get_device_descriptor(list[i], &desc) != 0) continue;
    if (desc.idVendor == vendor_id && desc.idProduct == product_id) found.push_back(describe(list[i], desc));
  }
  libusb_free_device_list(list, 1);
  return found;
}

}  // namespace drivers
