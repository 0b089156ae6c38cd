// fw::dfu::Target over the inactive slot (IMAGE.md §4, "DFU download"): the
// slot that is not active. The active slot is never erased or written; a
// header that lies or would roll back is refused before anything of it is
// programmed; manifestation verifies the whole slot before marking it pending.
#pragma once

#include <cstdint>

#include "fw/boot/bootloader.hpp"
#include "fw/dfu/target.hpp"

namespace fw::boot {

class SlotTarget final : public dfu::Target {
public:
    SlotTarget(platform::Flash& flash, const BootConfig& config);

    [[nodiscard]] uint32_t capacity() const override;
    dfu::FlashStatus erase() override;
    dfu::FlashStatus write(uint32_t offset, const uint8_t* data, uint32_t length) override;
    uint32_t read(uint32_t offset, uint8_t* out, uint32_t length) override;
    dfu::ManifestVerdict manifest(uint32_t total_length) override;

    [[nodiscard]] uint32_t erase_poll_ms() const override;
    [[nodiscard]] uint32_t program_poll_ms(uint32_t length) const override;
    [[nodiscard]] uint32_t manifest_poll_ms(uint32_t total_length) const override;

    [[nodiscard]] std::uint8_t slot() const { return slot_; }
    // The precise reason of the last refusal (the DFU reason is coarser).
    [[nodiscard]] image::Reason last_reason() const { return last_reason_; }

private:
    dfu::FlashStatus program_words(uint32_t offset, const uint8_t* data, uint32_t length);
    dfu::FlashStatus flush_tail();
    dfu::FlashStatus check_first_block(const uint8_t* data, uint32_t length);
    dfu::ManifestVerdict refuse(image::Reason reason);

    platform::Flash& flash_;
    const BootConfig& config_;
    StatusLog log_;
    std::optional<StatusRecord> record_;
    std::uint8_t slot_ = 1;
    image::Reason last_reason_ = image::Reason::ok;
    uint32_t next_offset_ = 0;  // blocks arrive in order: the next expected offset
    uint8_t tail_[4] = {};      // bytes not yet a whole flash word
    uint32_t tail_length_ = 0;
};

// Maps the verifier's precise reason to the DFU layer's coarser one.
dfu::ImageReason to_dfu_reason(image::Reason reason);

}  // namespace fw::boot
