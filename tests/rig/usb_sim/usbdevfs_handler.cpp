#include "usbdevfs_handler.hpp"

#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <utility>

namespace usbsim {

static_assert(sizeof(void*) == 8 && sizeof(struct usbdevfs_urb) == 56,
              "the emulator speaks x86-64 usbdevfs (56-byte struct usbdevfs_urb)");

namespace {

constexpr std::size_t kSetupLength = 8;
constexpr std::uint8_t kBulkInEndpoint = 0x81;
constexpr std::size_t kBulkPacket = 512;
// One URB per transfer, of any length: libusb then never splits a bulk
// transfer, so a short packet simply ends the URB.
constexpr std::uint32_t kCapabilities = USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_ZERO_PACKET;

std::size_t ioctl_size(unsigned long request) { return (request >> _IOC_SIZESHIFT) & _IOC_SIZEMASK; }

UMockdevIoctlData* resolve(UMockdevIoctlClient* client, std::size_t length) {
    GError* error = nullptr;
    UMockdevIoctlData* data = umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(client), 0, length, &error);
    if (error != nullptr) g_error_free(error);
    return data;
}

template <typename T>
void put(UMockdevIoctlData* data, std::size_t offset, const T& value) {
    guint8 bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    umockdev_ioctl_data_update(data, offset, bytes, static_cast<gint>(sizeof(T)));
}

void release(UMockdevIoctlData*& data) {
    if (data != nullptr) g_object_unref(data);
    data = nullptr;
}

}  // namespace

UsbDevfsHandler::~UsbDevfsHandler() { forget_urbs(); }

void UsbDevfsHandler::connect(UMockdevIoctlBase* base) {
    g_signal_connect(base, "handle-ioctl", G_CALLBACK(&UsbDevfsHandler::on_ioctl), this);
}

void UsbDevfsHandler::set_current_node(const std::string& node) {
    {
        std::lock_guard<std::mutex> hold(lock_);
        node_ = node;
        replug_ = false;
    }
    replugged_.notify_all();
}

bool UsbDevfsHandler::replug_wanted() {
    std::lock_guard<std::mutex> hold(lock_);
    return replug_;  // cleared by set_current_node once re-plugged
}

gboolean UsbDevfsHandler::on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
    static_cast<UsbDevfsHandler*>(self)->handle(client);
    return TRUE;
}

void UsbDevfsHandler::handle(UMockdevIoctlClient* client) {
    std::unique_lock<std::mutex> hold(lock_);
    const unsigned long request = umockdev_ioctl_client_get_request(client);
    const bool reaping = request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY;
    if (node_ != umockdev_ioctl_client_get_devnode(client) || (unplugged_ && !reaping)) {
        umockdev_ioctl_client_complete(client, -1, ENODEV);
        return;
    }
    switch (request) {
        case USBDEVFS_GET_CAPABILITIES: {
            UMockdevIoctlData* data = resolve(client, ioctl_size(request));
            if (data == nullptr) break;
            put(data, 0, kCapabilities);
            g_object_unref(data);
            umockdev_ioctl_client_complete(client, 0, 0);
            return;
        }
        case USBDEVFS_CLEAR_HALT:
            halted_ = false;
            umockdev_ioctl_client_complete(client, 0, 0);
            return;
        case USBDEVFS_CLAIMINTERFACE:
        case USBDEVFS_RELEASEINTERFACE:
            umockdev_ioctl_client_complete(client, 0, 0);
            return;
        case USBDEVFS_GETDRIVER:  // no kernel driver is bound
            umockdev_ioctl_client_complete(client, -1, ENODATA);
            return;
        case USBDEVFS_SETINTERFACE: {
            UMockdevIoctlData* data = resolve(client, ioctl_size(request));
            if (data == nullptr) break;
            usbdevfs_setinterface s{};
            std::memcpy(&s, data->data, sizeof s);
            g_object_unref(data);
            control_request(client, 11 /* SET_INTERFACE */, static_cast<std::uint16_t>(s.altsetting),
                            static_cast<std::uint16_t>(s.interface));
            return;
        }
        case USBDEVFS_SETCONFIGURATION: {
            UMockdevIoctlData* data = resolve(client, ioctl_size(request));
            if (data == nullptr) break;
            unsigned int value = 0;
            std::memcpy(&value, data->data, sizeof value);
            g_object_unref(data);
            control_request(client, 9 /* SET_CONFIGURATION */, static_cast<std::uint16_t>(value), 0);
            return;
        }
        case USBDEVFS_RESET: {
            forget_urbs();
            after_device_change(model_.bus_reset());
            // As the kernel, return from the reset only once the device is on
            // the bus again, so the next client finds it.
            replugged_.wait_for(hold, std::chrono::seconds(2), [this] { return !replug_; });
            umockdev_ioctl_client_complete(client, 0, 0);
            return;
        }
        case USBDEVFS_SUBMITURB:
            submit(client);
            return;
        case USBDEVFS_REAPURB:
        case USBDEVFS_REAPURBNDELAY:
            reap(client);
            return;
        case USBDEVFS_DISCARDURB:
            discard(client);
            return;
        default:
            umockdev_ioctl_client_complete(client, -1, ENOTTY);
            return;
    }
    umockdev_ioctl_client_complete(client, -1, EFAULT);
}

// A standard request the kernel sends for an ioctl (SET_CONFIGURATION,
// SET_INTERFACE): the device may refuse it, and the ioctl fails.
void UsbDevfsHandler::control_request(UMockdevIoctlClient* client, std::uint8_t request, std::uint16_t value,
                                      std::uint16_t index) {
    const std::uint8_t type = request == 11 ? 0x01 : 0x00;  // to the interface, or the device
    const ControlAnswer a = model_.control({type, request, value, index, 0}, {});
    umockdev_ioctl_client_complete(client, a.stalled ? -1 : 0, a.stalled ? EPIPE : 0);
}

void UsbDevfsHandler::submit(UMockdevIoctlClient* client) {
    Urb u;
    u.urb = resolve(client, sizeof(usbdevfs_urb));
    if (u.urb == nullptr) {
        umockdev_ioctl_client_complete(client, -1, EFAULT);
        return;
    }
    usbdevfs_urb raw{};
    std::memcpy(&raw, u.urb->data, sizeof raw);
    u.type = raw.type;
    u.endpoint = raw.endpoint;
    u.length = raw.buffer_length;
    GError* error = nullptr;
    if (raw.buffer_length > 0)
        u.buffer = umockdev_ioctl_data_resolve(u.urb, offsetof(usbdevfs_urb, buffer),
                                               static_cast<gsize>(raw.buffer_length), &error);
    const bool control = u.type == USBDEVFS_URB_TYPE_CONTROL && u.endpoint == 0;
    const bool bulk_in = u.type == USBDEVFS_URB_TYPE_BULK && u.endpoint == kBulkInEndpoint;
    if (error != nullptr || raw.buffer_length < 0 || (control && raw.buffer_length < 8) || (!control && !bulk_in)) {
        if (error != nullptr) g_error_free(error);
        release(u.buffer);
        release(u.urb);
        // No such endpoint on this device: the kernel refuses the URB.
        umockdev_ioctl_client_complete(client, -1, control || bulk_in ? EFAULT : ENOENT);
        return;
    }
    if (control && kSetupLength + (u.buffer->data[6] | u.buffer->data[7] << 8) > static_cast<std::size_t>(u.length)) {
        // The kernel checks wLength against the buffer before sending a byte.
        release(u.buffer);
        release(u.urb);
        umockdev_ioctl_client_complete(client, -1, EINVAL);
        return;
    }
    urbs_.push_back(u);
    if (control) run_control(urbs_.back());
    umockdev_ioctl_client_complete(client, 0, 0);
}

void UsbDevfsHandler::run_control(Urb& urb) {
    const guint8* b = urb.buffer->data;
    const Setup s{b[0], b[1], static_cast<std::uint16_t>(b[2] | b[3] << 8), static_cast<std::uint16_t>(b[4] | b[5] << 8),
                  static_cast<std::uint16_t>(b[6] | b[7] << 8)};
    const std::size_t room = static_cast<std::size_t>(urb.length) - kSetupLength;  // >= wLength (submit)
    if (bus_.cuts_power(s)) {
        // Power gone before the block reached the flash: as --fault unplug.
        unplugged_ = true;
        finish(urb, -ESHUTDOWN, {}, 0);
        return;
    }
    Bytes out;
    if ((s.bmRequestType & 0x80) == 0) out.assign(b + kSetupLength, b + kSetupLength + s.wLength);
    ControlAnswer a = model_.control(s, out);
    bus_.edit_control(s, a);
    if (a.stalled) {
        finish(urb, -EPIPE, {}, kSetupLength);
    } else if ((s.bmRequestType & 0x80) != 0) {
        Bytes in = a.data;
        in.resize(std::min(in.size(), room));
        finish(urb, 0, in, kSetupLength);
    } else {
        put(urb.urb, offsetof(usbdevfs_urb, actual_length), static_cast<int>(out.size()));
        put(urb.urb, offsetof(usbdevfs_urb, status), 0);
        urb.done = true;
    }
    if (model_.take_reenumeration()) after_device_change(true);
}

// Packets from the firmware's bulk endpoint until the URB is full or a
// short packet ends the message; nothing waiting leaves the URB pending.
void UsbDevfsHandler::fill_bulk_in(Urb& urb) {
    Bytes data;
    const auto room = static_cast<std::size_t>(urb.length);
    if (halted_) {
        finish(urb, -EPIPE, {}, 0);
        return;
    }
    while (data.size() + kBulkPacket <= room || data.empty()) {
        BulkEvent event = bus_.next_packet(model_);
        if (event.kind == BulkEvent::Kind::stall) {
            halted_ = true;
            finish(urb, -EPIPE, {}, 0);
            return;
        }
        if (event.kind == BulkEvent::Kind::unplug) {
            // Gone from the bus: the URB ends as the kernel ends it on a
            // disconnect, and later requests fail (ENODEV). The node stays in
            // the testbed: umockdev cannot drop a node a client holds open.
            unplugged_ = true;
            finish(urb, -ESHUTDOWN, {}, 0);
            return;
        }
        if (event.kind == BulkEvent::Kind::nothing) break;
        const Bytes& packet = event.packet;
        if (data.size() + packet.size() > room) {
            finish(urb, -EOVERFLOW, data, 0);  // babble: the host asked for less than the device sent
            return;
        }
        data.insert(data.end(), packet.begin(), packet.end());
        if (packet.size() < kBulkPacket) {
            finish(urb, 0, data, 0);
            return;
        }
    }
    if (!data.empty()) finish(urb, 0, data, 0);
}

void UsbDevfsHandler::finish(Urb& urb, int status, const Bytes& data, std::size_t data_offset) {
    if (!data.empty()) {
        Bytes copy = data;
        umockdev_ioctl_data_update(urb.buffer, data_offset, copy.data(), static_cast<gint>(copy.size()));
    }
    put(urb.urb, offsetof(usbdevfs_urb, actual_length), static_cast<int>(data.size()));
    put(urb.urb, offsetof(usbdevfs_urb, status), status);
    urb.done = true;
}

// REAPURB and REAPURBNDELAY alike: nothing ready is EAGAIN. libusb only uses
// the non-blocking one (after poll() on the node, which umockdev's socket
// always reports writable), so a blocking reap would only stall our thread.
void UsbDevfsHandler::reap(UMockdevIoctlClient* client) {
    for (Urb& u : urbs_)
        if (!u.done && u.type == USBDEVFS_URB_TYPE_BULK && !unplugged_) fill_bulk_in(u);
    const auto ready = std::find_if(urbs_.begin(), urbs_.end(), [](const Urb& u) { return u.done; });
    if (ready == urbs_.end()) {
        umockdev_ioctl_client_complete(client, -1, EAGAIN);
        return;
    }
    UMockdevIoctlData* slot = resolve(client, sizeof(void*));
    if (slot == nullptr || !umockdev_ioctl_data_set_ptr(slot, 0, ready->urb)) {
        if (slot != nullptr) g_object_unref(slot);
        umockdev_ioctl_client_complete(client, -1, EFAULT);
        return;
    }
    umockdev_ioctl_client_complete(client, 0, 0);
    g_object_unref(slot);
    release(ready->buffer);
    release(ready->urb);
    urbs_.erase(ready);
}

void UsbDevfsHandler::discard(UMockdevIoctlClient* client) {
    UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
    gulong address = 0;
    std::memcpy(&address, arg->data, sizeof address);
    for (Urb& u : urbs_) {
        if (u.urb->client_addr == address && !u.done) {
            finish(u, -ENOENT, {}, 0);
            umockdev_ioctl_client_complete(client, 0, 0);
            return;
        }
    }
    umockdev_ioctl_client_complete(client, -1, EINVAL);
}

void UsbDevfsHandler::after_device_change(bool replug) {
    if (replug) replug_ = true;
}

void UsbDevfsHandler::forget_urbs() {
    for (Urb& u : urbs_) {
        release(u.buffer);
        release(u.urb);
    }
    urbs_.clear();
}

}  // namespace usbsim
