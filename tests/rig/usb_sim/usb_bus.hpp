// The emulated USB bus in a umockdev testbed: plugs the scanner in as a
// sysfs device (attributes and descriptors from the firmware itself) with a
// /dev/bus/usb node answered by the usbdevfs handler, and re-plugs it with
// a new address when it re-enumerates, as the kernel would.
#pragma once

#include <umockdev.h>

#include <string>

#include "scanner_model.hpp"

namespace usbsim {

class UsbBus {
public:
    UsbBus();
    ~UsbBus();
    UsbBus(const UsbBus&) = delete;
    UsbBus& operator=(const UsbBus&) = delete;

    [[nodiscard]] UMockdevIoctlBase* handler() const { return handler_; }
    // Unplugs the device shown now (if any) and plugs in `id` at the next
    // address. Returns the new /dev node, or an error message.
    bool plug(const Identity& id, std::string& node, std::string& error);

private:
    void unplug();
    void send_uevent(const char* action);

    UMockdevTestbed* testbed_;
    UMockdevIoctlBase* handler_;
    int address_ = 1;  // the root hub is 1
    std::string syspath_;
};

// The umockdev device description (umockdev-record's format) of the
// scanner at bus 1, `address`.
std::string describe(const Identity& id, int address);

}  // namespace usbsim
