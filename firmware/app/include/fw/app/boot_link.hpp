// The application's side of the boot contract (IMAGE.md §2 and §3), over
// FW-boot's boot-info block and confirm word: whether this image runs in
// test state, its confirmation after the self-test, and the DFU request a
// DETACH leaves for the bootloader before the reset.
#pragma once

#include "fw/app/ports.hpp"
#include "fw/boot/boot_info.hpp"
#include "fw/platform/flash.hpp"
#include "fw/platform/ports.hpp"

namespace fw::app {

class SlotConfirmation final : public BootControl {
public:
    // `info` is the block the bootloader filled in before starting us.
    SlotConfirmation(platform::Flash& flash, const boot::BootInfo& info) : flash_(flash), info_(info) {}

    // Only a block the bootloader really wrote counts: without its magic
    // the slot number is noise, and nothing is confirmed.
    bool test_boot() override;
    bool confirm() override;

private:
    platform::Flash& flash_;
    const boot::BootInfo& info_;
};

// GET_BOOT_STATUS on the device: the running image from the boot-info
// block, the counter and the slots from the status area and the slots
// themselves, read when the host asks (a self-test confirmation shows).
class BootStatusReport final : public BootReport {
public:
    BootStatusReport(platform::Flash& flash, const boot::BootInfo& info) : flash_(flash), info_(info) {}
    [[nodiscard]] BootStatus boot_status() override;

private:
    platform::Flash& flash_;
    const boot::BootInfo& info_;
};

// DETACH accepted: ask the bootloader for DFU mode and reset into it.
void reset_into_dfu(boot::BootInfo& info, platform::Reset& reset);

}  // namespace fw::app
