#include "usb_bus.hpp"

#include <cstdio>

namespace usbsim {

namespace {

constexpr const char* kDevpath = "/devices/pci0000:00/0000:00:14.0/usb1/1-1";

std::string hex4(unsigned v) {
    char b[8];
    std::snprintf(b, sizeof b, "%04x", v & 0xFFFFu);
    return b;
}

std::string hex_of(const Bytes& bytes) {
    std::string s;
    char b[3];
    for (std::uint8_t x : bytes) {
        std::snprintf(b, sizeof b, "%02x", x);
        s += b;
    }
    return s;
}

}  // namespace

std::string describe(const Identity& id, int address) {
    char node[32];
    std::snprintf(node, sizeof node, "bus/usb/001/%03d", address);
    const std::uint16_t vid = id.descriptors.size() >= 12 ? static_cast<std::uint16_t>(id.descriptors[8] | id.descriptors[9] << 8) : 0;
    const std::uint16_t pid = id.descriptors.size() >= 12 ? static_cast<std::uint16_t>(id.descriptors[10] | id.descriptors[11] << 8) : 0;
    // Every attribute ends in a newline, as the kernel writes them: libusb
    // and lsusb strip it (without one they drop the last character).
    std::string d;
    d += "P: " + std::string(kDevpath) + "\n";
    d += "N: " + std::string(node) + "\n";
    d += "E: DEVNAME=/dev/" + std::string(node) + "\n";
    d += "E: DEVTYPE=usb_device\n";
    d += "E: SUBSYSTEM=usb\n";
    d += "E: PRODUCT=" + std::to_string(vid) + "/" + std::to_string(pid) + "/" + std::to_string(id.bcd_device) + "\n";
    d += "E: BUSNUM=001\n";
    d += "E: DEVNUM=" + std::string(node + 12) + "\n";
    d += "A: idVendor=" + hex4(vid) + "\\n\n";
    d += "A: idProduct=" + hex4(pid) + "\\n\n";
    d += "A: bcdDevice=" + hex4(id.bcd_device) + "\\n\n";
    d += "A: busnum=1\\n\n";
    d += "A: devnum=" + std::to_string(address) + "\\n\n";
    d += "A: speed=480\\n\n";
    d += "A: bConfigurationValue=1\\n\n";
    d += "A: bNumConfigurations=1\\n\n";
    d += "A: bDeviceClass=00\\n\n";
    d += "A: maxchild=0\\n\n";
    d += "A: manufacturer=" + id.manufacturer + "\\n\n";
    d += "A: product=" + id.product + "\\n\n";
    d += "A: serial=" + id.serial + "\\n\n";
    d += "H: descriptors=" + hex_of(id.descriptors) + "\n";
    return d;
}

UsbBus::UsbBus()
    : testbed_(umockdev_testbed_new()),
      handler_(static_cast<UMockdevIoctlBase*>(g_object_new(umockdev_ioctl_base_get_type(), nullptr))) {}

UsbBus::~UsbBus() {
    g_object_unref(handler_);
    g_object_unref(testbed_);
}

// Needs usb-sim itself under the preload library (main() sees to it): the
// sender reads the device through libudev, which accepts only /sys paths.
void UsbBus::send_uevent(const char* action) { umockdev_testbed_uevent(testbed_, syspath_.c_str(), action); }

void UsbBus::unplug() {
    if (syspath_.empty()) return;
    send_uevent("remove");
    umockdev_testbed_remove_device(testbed_, syspath_.c_str());
    syspath_.clear();
}

bool UsbBus::plug(const Identity& id, std::string& node, std::string& error) {
    unplug();
    ++address_;
    GError* e = nullptr;
    if (!umockdev_testbed_add_from_string(testbed_, describe(id, address_).c_str(), &e)) {
        error = std::string("umockdev refused the device description: ") + (e ? e->message : "?");
        if (e) g_error_free(e);
        return false;
    }
    char path[32];
    std::snprintf(path, sizeof path, "/dev/bus/usb/001/%03d", address_);
    if (!umockdev_testbed_attach_ioctl(testbed_, path, handler_, &e)) {
        error = std::string("umockdev could not attach the ioctl handler to ") + path + ": " + (e ? e->message : "?");
        if (e) g_error_free(e);
        return false;
    }
    // The first plug is there before any client listens for uevents.
    const bool replug = !syspath_.empty() || address_ > 2;
    syspath_ = std::string("/sys") + kDevpath;
    if (replug) send_uevent("add");
    node = path;
    return true;
}

}  // namespace usbsim
