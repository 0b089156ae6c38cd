// The kernel's usbdevfs, as far as libusb uses it, answered by the emulated
// scanner: the ioctls of a /dev/bus/usb node (x86-64 Linux numbers and
// struct layouts), URBs queued on SUBMITURB and handed back on REAPURB.
// Runs on umockdev's ioctl thread; the model is shared with the main thread
// under `lock`.
#pragma once

#include <umockdev.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>

#include "faults.hpp"
#include "scanner_model.hpp"

namespace usbsim {

class UsbDevfsHandler {
public:
    UsbDevfsHandler(ScannerModel& model, FaultyBus& bus, std::mutex& lock) : model_(model), bus_(bus), lock_(lock) {}
    ~UsbDevfsHandler();
    UsbDevfsHandler(const UsbDevfsHandler&) = delete;
    UsbDevfsHandler& operator=(const UsbDevfsHandler&) = delete;

    // Connects to the handler's "handle-ioctl" signal.
    void connect(UMockdevIoctlBase* base);

    // The node of the device as it is enumerated now; requests on an older
    // node (before a re-enumeration) fail with ENODEV as on a real bus.
    void set_current_node(const std::string& node);
    // The device asked to leave the bus and come back (DETACH, or a reset
    // that started other firmware): the main thread re-plugs it, then calls set_current_node.
    bool replug_wanted();

private:
    struct Urb {
        UMockdevIoctlData* urb = nullptr;     // the client's struct usbdevfs_urb
        UMockdevIoctlData* buffer = nullptr;  // its data buffer
        unsigned char type = 0;
        unsigned char endpoint = 0;
        int length = 0;
        bool done = false;
    };

    static gboolean on_ioctl(UMockdevIoctlBase* base, UMockdevIoctlClient* client, gpointer self);
    void handle(UMockdevIoctlClient* client);
    void submit(UMockdevIoctlClient* client);
    void reap(UMockdevIoctlClient* client);
    void discard(UMockdevIoctlClient* client);
    void control_request(UMockdevIoctlClient* client, std::uint8_t request, std::uint16_t value, std::uint16_t index);
    void run_control(Urb& urb);
    void fill_bulk_in(Urb& urb);
    void finish(Urb& urb, int status, const Bytes& data, std::size_t data_offset);
    void after_device_change(bool replug);
    void forget_urbs();

    ScannerModel& model_;
    FaultyBus& bus_;
    std::mutex& lock_;
    bool halted_ = false;   // bulk IN 0x81 stalled until CLEAR_HALT
    bool unplugged_ = false;  // --fault unplug: every later request fails with ENODEV
    std::deque<Urb> urbs_;  // submitted, in order; the done ones are reaped first-in first-out
    std::string node_;
    bool replug_ = false;
    std::condition_variable replugged_;
};

}  // namespace usbsim
