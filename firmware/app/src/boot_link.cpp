#include "fw/app/boot_link.hpp"

#include "fw/boot/bootloader.hpp"
#include "fw/boot/confirm.hpp"

namespace fw::app {

bool SlotConfirmation::test_boot() {
    return info_.magic == boot::kBootInfoMagic && info_.slot <= 1 &&
           info_.state == static_cast<uint8_t>(boot::RunState::test);
}

bool SlotConfirmation::confirm() {
    if (!test_boot()) return false;
    return boot::confirm_image(flash_, info_.slot) == boot::ConfirmResult::confirmed;
}

void reset_into_dfu(boot::BootInfo& info, platform::Reset& reset) {
    info.dfu_request = boot::kDfuRequest;
    reset.reset();
}

}  // namespace fw::app
