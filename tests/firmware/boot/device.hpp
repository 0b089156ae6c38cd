// A scanner on the host for the boot tests: its flash (RAM with NOR rules,
// behind the power-cut injector), console, and the steps a technician and
// the application take: DFU download into the inactive slot, reset, confirm.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fw/boot/bootloader.hpp"
#include "fw/boot/confirm.hpp"
#include "fw/boot/keys.hpp"
#include "fw/boot/slot_target.hpp"
#include "fw/platform/host/power_cut_flash.hpp"
#include "fw/platform/host/ports.hpp"
#include "fw/platform/layout.hpp"
#include "fw/platform/ram_nor_flash.hpp"
#include "image_builder.hpp"

namespace fwtest {

namespace layout = fw::platform::layout;

struct Device {
    Bytes memory = Bytes(layout::kManagedEnd, 0xFF);
    fw::platform::RamNorFlash nor{memory, 0, layout::kSectorSize, layout::kWriteGranularity};
    fw::platform::host::PowerCutFlash flash{nor};
    fw::platform::host::CaptureConsole console;
    fw::boot::BootConfig config{fw::boot::builtin_keys(), layout::kLoadWindowStart, layout::kLoadWindowSize};

    fw::boot::BootOutcome reset(bool dfu_requested = false) {
        console.clear();
        return fw::boot::boot(flash, console, config, dfu_requested);
    }

    // Factory programming: the image straight into a slot (no status record).
    void preload(std::uint8_t slot, const Bytes& image) {
        std::copy(image.begin(), image.end(), memory.begin() + layout::kSlotOffset[slot]);
    }

    // A DFU download as the DFU state machine drives the target: erase, blocks
    // of `block` bytes in order, manifestation. Returns the target's refusal
    // reason, or ok; stops at the first flash failure.
    fw::image::Reason download(const Bytes& image, std::uint32_t block = 1024) {
        fw::boot::SlotTarget target(flash, config);
        if (target.erase() != fw::dfu::FlashStatus::ok) return fw::image::Reason::flash_error;
        for (std::uint32_t at = 0; at < image.size(); at += block) {
            const auto n = static_cast<std::uint32_t>(std::min<std::size_t>(block, image.size() - at));
            if (target.write(at, image.data() + at, n) != fw::dfu::FlashStatus::ok) {
                return target.last_reason() != fw::image::Reason::ok ? target.last_reason()
                                                                      : fw::image::Reason::flash_error;
            }
        }
        target.manifest(static_cast<std::uint32_t>(image.size()));
        return target.last_reason();
    }

    bool confirm(std::uint8_t slot) {
        return fw::boot::confirm_image(flash, slot) == fw::boot::ConfirmResult::confirmed;
    }

    // The image bytes at the start of a slot.
    Bytes slot_bytes(std::uint8_t slot, std::size_t length) const {
        const auto begin = memory.begin() + layout::kSlotOffset[slot];
        return Bytes(begin, begin + static_cast<std::ptrdiff_t>(length));
    }

    std::optional<fw::boot::StatusRecord> status() { return fw::boot::StatusLog(flash).latest(); }
};

inline Bytes make_image(std::uint32_t version, std::uint32_t counter, std::size_t payload = 6000,
                        const std::string& key = factory_key_path()) {
    ImageSpec s;
    s.payload = pattern(payload, version);
    s.major = static_cast<std::uint8_t>(version);
    s.build = version * 10;
    s.security_counter = counter;
    return build_image(s, SigningKey(key));
}

}  // namespace fwtest
