// The emulated scanner behind the rig's USB device: its flash (RAM with NOR
// rules), the real bootloader deciding at each reset what runs, and then
// either the application (Scanner on a UsbPort) or the bootloader's DFU mode
// (DfuDevice over the inactive-slot target). The USB side only sees control
// transfers, bulk IN packets, resets and "re-enumerate now".
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fw/boot/bootloader.hpp"
#include "fw/platform/host/ports.hpp"
#include "fw/platform/ram_nor_flash.hpp"
#include "hand_sensor.hpp"

namespace usbsim {

using Bytes = std::vector<std::uint8_t>;

struct Setup {
    std::uint8_t bmRequestType = 0;
    std::uint8_t bRequest = 0;
    std::uint16_t wValue = 0;
    std::uint16_t wIndex = 0;
    std::uint16_t wLength = 0;
};

struct ControlAnswer {
    bool stalled = false;
    Bytes data;  // IN data stage
};

// What the device shows on the bus in its current mode.
struct Identity {
    Bytes descriptors;  // device descriptor then the whole configuration (sysfs "descriptors")
    std::uint16_t bcd_device = 0;
    std::string manufacturer, product, serial;
    bool dfu_mode = false;
};

struct ModelOptions {
    std::string serial = "0123456789ABCDEF";
    std::uint64_t finger_seed = 7;
    // Set: a synthetic citizen's hand lies on the sensor (its seed); rolls
    // show fingers 1..10 in turn, as the synthetic backend draws them.
    std::optional<std::uint64_t> hand_seed;
};

class ScannerModel {
public:
    // `flash` holds the managed area (status + both slots), kManagedEnd bytes.
    ScannerModel(Bytes flash, ModelOptions options);
    ~ScannerModel();

    ControlAnswer control(const Setup& setup, const Bytes& out);
    // The next packet on bulk IN 0x81, running the main loop when none waits.
    std::optional<Bytes> bulk_in_packet();
    // A USB bus reset from the host. Returns true when the device comes
    // back as another device (the bootloader started new firmware).
    bool bus_reset();
    // True once after the device reset itself (DETACH with bitWillDetach).
    bool take_reenumeration();

    [[nodiscard]] Identity identity();
    [[nodiscard]] const Bytes& flash() const { return memory_; }
    // One line per reset: what the bootloader chose and the self-test verdict.
    [[nodiscard]] const std::string& log() const { return log_; }

private:
    class Mode;
    class AppMode;
    class DfuModeDevice;

    void power_on(bool dfu_requested);
    void enumerate();

    Bytes memory_;
    ModelOptions options_;
    fw::platform::RamNorFlash nor_;
    fw::platform::host::CaptureConsole console_;
    fw::boot::BootConfig config_;
    std::unique_ptr<Citizen> citizen_;
    std::unique_ptr<Mode> mode_;
    bool reenumerate_ = false;
    std::string log_;
};

}  // namespace usbsim
