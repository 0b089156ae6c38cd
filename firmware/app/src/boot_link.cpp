#include "fw/app/boot_link.hpp"

#include "fw/boot/bootloader.hpp"
#include "fw/boot/confirm.hpp"
#include "fw/boot/status.hpp"
#include "fw/image/format.hpp"
#include "fw/platform/layout.hpp"

namespace fw::app {

bool SlotConfirmation::test_boot() {
    return info_.magic == boot::kBootInfoMagic && info_.slot <= 1 &&
           info_.state == static_cast<uint8_t>(boot::RunState::test);
}

bool SlotConfirmation::confirm() {
    if (!test_boot()) return false;
    return boot::confirm_image(flash_, info_.slot) == boot::ConfirmResult::confirmed;
}

namespace {

SlotState slot_state(platform::Flash& flash, const boot::StatusRecord* record, uint8_t slot) {
    if (record != nullptr && record->active == slot) return SlotState::active;
    if (record != nullptr && record->candidate == slot) {
        if (record->state == boot::CandidateState::pending) return SlotState::pending;
        if (record->state == boot::CandidateState::testing)
            return boot::is_confirmed(flash, slot) ? SlotState::confirmed : SlotState::testing;
    }
    uint8_t magic[4] = {};
    if (flash.read(platform::layout::kSlotOffset[slot], magic) != platform::FlashStatus::ok) return SlotState::empty;
    return image::load_le32(magic) == image::kMagic ? SlotState::inactive : SlotState::empty;
}

}  // namespace

BootStatus BootStatusReport::boot_status() {
    BootStatus s;
    s.version = {info_.major, info_.minor, info_.patch, info_.build};
    s.running_slot = info_.slot;
    s.state = info_.state == static_cast<uint8_t>(boot::RunState::test) ? BootState::test : BootState::permanent;
    s.last_refusal = info_.last_reason;
    const auto record = boot::StatusLog(flash_).latest();
    s.security_counter = record ? record->security_counter : info_.security_counter;
    for (uint8_t slot = 0; slot < 2; ++slot) s.slots[slot] = slot_state(flash_, record ? &*record : nullptr, slot);
    return s;
}

void reset_into_dfu(boot::BootInfo& info, platform::Reset& reset) {
    info.dfu_request = boot::kDfuRequest;
    reset.reset();
}

}  // namespace fw::app
