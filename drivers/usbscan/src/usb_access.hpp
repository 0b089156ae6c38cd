// What the listing and the capture driver share about reaching our scanner
// through libusb: a context, where a device sits, its serial and firmware
// as its descriptors give them, whether its descriptors are those of
// PROTOCOL.md, and libusb's error codes as HAL errors.
#pragma once

#include <libusb.h>

#include <cstdint>
#include <memory>
#include <string>

#include "hal/result.hpp"

namespace drivers::usbaccess {

using Context = std::unique_ptr<libusb_context, decltype(&libusb_exit)>;

// Errors: kUnavailable (libusb could not start).
hal::Result<Context> start();

std::string location_of(libusb_device* device);  // "usb:<bus>-<port path>"
// "1.2" from bcdDevice 0x0102.
std::string bcd_version(std::uint16_t bcd);
// The serial number string; "" when the device gives none.
std::string serial_of(libusb_device_handle* handle, const libusb_device_descriptor& descriptor);
// True when interface 0 is the DFU-mode interface (the bootloader), not the application.
bool in_dfu_mode(libusb_device* device);

// The capture interface as PROTOCOL.md §2 describes it: interface 0 of
// vendor class with bulk IN 0x81 of 512-byte packets. Errors: kProtocol
// naming what the descriptors say instead.
hal::Status check_capture_interface(libusb_device* device, const std::string& name);

enum class Mode { application, dfu, any };

// The first of our scanners in `mode` with the serial asked for ("" = any
// serial). Leaves `handle` open and `name` set ("scanner SERIAL at
// usb:1-2") and `found_serial`, if given, on success. Errors: kUnavailable naming the serials seen, or
// the device that did not answer.
hal::Status find_scanner(libusb_context* context, const std::string& serial, Mode mode, libusb_device_handle*& handle,
                         std::string& name, std::string* found_serial = nullptr);

// A failed libusb call as an error about `name` doing `what`: NO_DEVICE is
// kUnavailable (unplugged), ACCESS kPermissionDenied, BUSY kBusy, TIMEOUT
// kTimeout, the rest kIo.
hal::Error error_of(int rc, const std::string& name, const std::string& what);

}  // namespace drivers::usbaccess
