// libFuzzer target: sequences of control requests from the fuzz input,
// driving the bootloader's DFU-mode USB device (standard requests and the
// DFU state machine) over its real inactive-slot target on a RAM flash. After every input, nothing outside the inactive
// slot and the status area may have changed: the bootloader and the running
// image are never written, whatever the host sends.
//
// Input: a list of operations. Each starts with an op byte:
//   low nibble 0..6: that DFU request; 7: a standard request (USB 2.0,
//   9.4) whose bRequest is the next byte modulo 16;
//   8: the device runs its pending flash work (the poll timeout passed);
//   9: a USB reset; 10..15: pending work as well (it is what hosts wait for).
//   bit 4: the wrong direction in bmRequestType; bit 5: wIndex 1 (not ours);
//   bit 6: wValue is the next block number, else two input bytes;
//   bit 7: wLength is two input bytes (masked to 2047), else one byte x 8.
// An OUT request's data stage follows, taken from the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "fw/boot/bootloader.hpp"
#include "fw/boot/keys.hpp"
#include "fw/boot/slot_target.hpp"
#include "fw/boot/status.hpp"
#include "fw/dfu/dfu_device.hpp"
#include "fw/platform/layout.hpp"
#include "fw/platform/ram_nor_flash.hpp"

namespace {

namespace layout = fw::platform::layout;

struct Reader {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t at = 0;
    bool empty() const { return at >= size; }
    std::uint8_t byte() { return at < size ? data[at++] : 0; }
    std::uint16_t le16() { return static_cast<std::uint16_t>(byte() | byte() << 8); }
};

// The flash before the sequence: a recognisable bootloader, and slot A
// recorded as the running image in the status area.
const std::vector<std::uint8_t>& initial_flash() {
    static const std::vector<std::uint8_t> bytes = [] {
        std::vector<std::uint8_t> b(layout::kManagedEnd, 0xFF);
        for (std::size_t i = 0; i < layout::kStatusOffset; ++i) b[i] = static_cast<std::uint8_t>(i * 7);
        for (std::size_t i = 0; i < layout::kSlotCapacity; ++i) b[layout::kSlotOffset[0] + i] = static_cast<std::uint8_t>(i);
        fw::platform::RamNorFlash flash{b, 0, layout::kSectorSize, layout::kWriteGranularity};
        fw::boot::StatusRecord running;
        running.active = 0;
        if (!fw::boot::StatusLog(flash).append(running)) std::abort();
        return b;
    }();
    return bytes;
}

bool same(const std::vector<std::uint8_t>& now, std::uint32_t from, std::uint32_t to) {
    return from >= to || std::memcmp(now.data() + from, initial_flash().data() + from, to - from) == 0;
}

// Everything but the status area and the inactive slot is as it was. The
// layout is bootloader, status area, slot A, slot B.
bool unchanged_outside(const std::vector<std::uint8_t>& now, std::uint32_t slot_start, std::uint32_t slot_end) {
    const std::uint32_t status_start = layout::kStatusOffset;
    const std::uint32_t status_end = layout::kStatusOffset + layout::kStatusSectors * layout::kSectorSize;
    const auto end = static_cast<std::uint32_t>(now.size());
    return same(now, 0, status_start) && same(now, status_end, slot_start) && same(now, slot_end, end);
}

void run_op(fw::dfu::DfuDevice& dfu, Reader& in, std::uint16_t& next_block) {
    const std::uint8_t op = in.byte();
    const std::uint8_t kind = op & 0x0F;
    if (kind == 9) {
        dfu.bus_reset();
        return;
    }
    if (kind >= 8) {
        dfu.complete_pending();
        return;
    }
    const bool device_to_host = kind == 2 || kind == 3 || kind == 5;
    const bool flip = (op & 0x10) != 0;
    fw::usb::ControlRequest request;
    request.bmRequestType = (device_to_host != flip) ? fw::dfu::kRequestIn : fw::dfu::kRequestOut;
    request.bRequest = kind;
    if (kind == 7) {
        // Standard, to the device, interface or endpoint; bit 4 says IN.
        request.bmRequestType = static_cast<std::uint8_t>((flip ? 0x80 : 0x00) | (in.byte() % 3));
        request.bRequest = static_cast<std::uint8_t>(in.byte() % 16);
    }
    request.wIndex = (op & 0x20) != 0 ? 1 : 0;
    request.wValue = (op & 0x40) != 0 ? next_block : in.le16();
    request.wLength = (op & 0x80) != 0 ? static_cast<std::uint16_t>(in.le16() & 0x7FF)
                                       : static_cast<std::uint16_t>(in.byte() * 8);
    // The data stage: exactly wLength bytes, from the input (zeros past its end).
    static std::uint8_t out[2048];
    static std::uint8_t answer[fw::dfu::kTransferSize];
    if (request.bmRequestType == fw::dfu::kRequestOut) {
        for (std::uint16_t i = 0; i < request.wLength; ++i) out[i] = in.byte();
        request.data = out;
    }
    const fw::usb::ControlReply reply = dfu.control(request, answer, sizeof answer);
    if (!reply.stall && reply.length > request.wLength && request.device_to_host()) {
        std::abort();  // more IN data than the host asked for
    }
    if (!reply.stall && kind == 1 && request.wLength > 0) ++next_block;
    if (!reply.stall && !request.device_to_host() && reply.length != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static std::vector<std::uint8_t> memory;
    memory = initial_flash();
    fw::platform::RamNorFlash flash{memory, 0, layout::kSectorSize, layout::kWriteGranularity};
    const fw::boot::BootConfig config{fw::boot::builtin_keys(), layout::kLoadWindowStart, layout::kLoadWindowSize};
    fw::boot::SlotTarget target(flash, config);
    fw::dfu::DfuDevice dfu(target, {0x0100, "0123456789ABCDEF", true});
    std::uint8_t none[1];
    dfu.control({0x00, 9, 1, 0, 0, nullptr}, none, 0);  // SET_CONFIGURATION 1, as the host's kernel does

    const std::uint8_t inactive = target.slot();
    if (inactive != 1) std::abort();  // slot A holds the running image
    const std::uint32_t slot_start = layout::kSlotOffset[inactive];
    const std::uint32_t slot_end = slot_start + layout::kSlotCapacity;

    Reader in{data, size};
    std::uint16_t next_block = 0;
    for (int ops = 0; !in.empty() && ops < 256; ++ops) {
        run_op(dfu, in, next_block);
        if (static_cast<std::uint8_t>(dfu.dfu().state()) > static_cast<std::uint8_t>(fw::dfu::State::error)) std::abort();
        if (dfu.dfu().downloaded() > target.capacity()) std::abort();
    }
    if (!unchanged_outside(memory, slot_start, slot_end)) std::abort();
    return 0;
}
