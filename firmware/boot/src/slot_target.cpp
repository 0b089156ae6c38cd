#include "fw/boot/slot_target.hpp"

#include "fw/platform/layout.hpp"

namespace fw::boot {
namespace {

namespace layout = platform::layout;
using image::Reason;

// Worst cases of a typical Cortex-M3 NOR flash (sector erase ~25 ms, a word
// ~60 µs) and of verification at 100 MHz, from bench_firmware_boot under
// QEMU -icount (about 160 ms fixed, mostly Ed25519, and 2 ms per KiB of
// SHA-256 + SHA-512), with headroom for a slower clock.
constexpr uint32_t kEraseMsPerSector = 25;
constexpr uint32_t kProgramUsPerWord = 60;
constexpr uint32_t kVerifyMsPerKiB = 3;
constexpr uint32_t kVerifyFixedMs = 250;

uint32_t slot_base(std::uint8_t slot) { return layout::kSlotOffset[slot]; }

}  // namespace

dfu::ImageReason to_dfu_reason(Reason reason) {
    switch (reason) {
        case Reason::ok: return dfu::ImageReason::ok;
        case Reason::truncated: return dfu::ImageReason::truncated;
        case Reason::bad_magic: return dfu::ImageReason::bad_magic;
        case Reason::bad_header_size:
        case Reason::unsupported_format:
        case Reason::empty_image:
        case Reason::bad_load_address:
        case Reason::bad_flags:
        case Reason::reserved_not_zero: return dfu::ImageReason::bad_header;
        case Reason::image_too_large: return dfu::ImageReason::too_large;
        case Reason::hash_mismatch: return dfu::ImageReason::bad_hash;
        case Reason::unknown_key: return dfu::ImageReason::unknown_key;
        case Reason::bad_signature: return dfu::ImageReason::bad_signature;
        case Reason::rollback: return dfu::ImageReason::rollback;
        case Reason::flash_error: return dfu::ImageReason::flash_error;
        default: return dfu::ImageReason::bad_tlv;
    }
}

SlotTarget::SlotTarget(platform::Flash& flash, const BootConfig& config)
    : flash_(flash), config_(config), log_(flash), record_(log_.latest()) {
    // With no active slot (factory, nothing valid) A is the one to fill.
    slot_ = record_ ? static_cast<std::uint8_t>(1 - record_->active) : 0;
}

uint32_t SlotTarget::capacity() const { return layout::kSlotCapacity; }

dfu::FlashStatus SlotTarget::erase() {
    next_offset_ = 0;
    tail_length_ = 0;
    // The slot must stop being a candidate before its contents change.
    if (record_ && record_->candidate == slot_) {
        StatusRecord r = *record_;
        r.candidate = kNoSlot;
        r.state = CandidateState::none;
        if (!log_.append(r)) return dfu::FlashStatus::erase_failed;
        record_ = log_.latest();
    }
    for (uint32_t at = 0; at < layout::kSlotSize; at += layout::kSectorSize) {
        if (flash_.erase_sector(slot_base(slot_) + at) != platform::FlashStatus::ok)
            return dfu::FlashStatus::erase_failed;
    }
    return dfu::FlashStatus::ok;
}

dfu::FlashStatus SlotTarget::check_first_block(const uint8_t* data, uint32_t length) {
    if (length < image::kHeaderSize) return dfu::FlashStatus::ok;  // checked in full at manifestation
    const image::Header header = image::decode_header(data);
    const uint32_t floor = record_ ? record_->security_counter : 0;
    Reason reason = image::check_header(header, data, slot_policy(config_, floor));
    // Not trusted yet (unsigned so far), but a counter below the floor can
    // never become acceptable: refuse it before writing anything.
    if (reason == Reason::ok && header.security_counter < floor) reason = Reason::rollback;
    last_reason_ = reason;
    return reason == Reason::ok ? dfu::FlashStatus::ok : dfu::FlashStatus::write_failed;
}

dfu::FlashStatus SlotTarget::write(uint32_t offset, const uint8_t* data, uint32_t length) {
    if (offset != next_offset_) return dfu::FlashStatus::out_of_range;
    if (uint64_t{offset} + length > capacity()) return dfu::FlashStatus::out_of_range;
    if (offset == 0) {
        if (const auto s = check_first_block(data, length); s != dfu::FlashStatus::ok) return s;
    }
    next_offset_ += length;
    // Whole words go to flash now; a partial word waits for the next block.
    uint32_t used = 0;
    while (tail_length_ != 0 && tail_length_ < 4 && used < length) tail_[tail_length_++] = data[used++];
    if (tail_length_ == 4) {
        if (const auto s = program_words(offset + used - 4, tail_, 4); s != dfu::FlashStatus::ok) return s;
        tail_length_ = 0;
    }
    const uint32_t whole = (length - used) / 4 * 4;
    if (whole != 0) {
        if (const auto s = program_words(offset + used, data + used, whole); s != dfu::FlashStatus::ok) return s;
    }
    for (uint32_t i = used + whole; i < length; ++i) tail_[tail_length_++] = data[i];
    return dfu::FlashStatus::ok;
}

dfu::FlashStatus SlotTarget::program_words(uint32_t offset, const uint8_t* data, uint32_t length) {
    const uint32_t at = slot_base(slot_) + offset;
    if (flash_.program(at, std::span(data, length)) != platform::FlashStatus::ok) return dfu::FlashStatus::write_failed;
    uint8_t back[64];
    for (uint32_t done = 0; done < length;) {
        const uint32_t n = length - done < sizeof back ? length - done : static_cast<uint32_t>(sizeof back);
        if (flash_.read(at + done, std::span(back, n)) != platform::FlashStatus::ok) return dfu::FlashStatus::verify_failed;
        for (uint32_t i = 0; i < n; ++i) {
            if (back[i] != data[done + i]) return dfu::FlashStatus::verify_failed;
        }
        done += n;
    }
    return dfu::FlashStatus::ok;
}

dfu::FlashStatus SlotTarget::flush_tail() {
    if (tail_length_ == 0) return dfu::FlashStatus::ok;
    for (uint32_t i = tail_length_; i < 4; ++i) tail_[i] = 0xFF;  // erased value: the padding changes nothing
    const uint32_t offset = next_offset_ - tail_length_;
    tail_length_ = 0;
    return program_words(offset, tail_, 4);
}

uint32_t SlotTarget::read(uint32_t offset, uint8_t* out, uint32_t length) {
    // Only what a well-formed image occupies is read back; an erased or
    // malformed slot uploads nothing.
    const image::Verdict v = image::parse_slot(flash_, slot_base(slot_), slot_policy(config_, 0));
    const uint32_t end = v.ok() ? v.total_size : 0;
    if (offset >= end) return 0;
    const uint32_t n = end - offset < length ? end - offset : length;
    if (flash_.read(slot_base(slot_) + offset, std::span(out, n)) != platform::FlashStatus::ok) return 0;
    return n;
}

dfu::ManifestVerdict SlotTarget::refuse(Reason reason) {
    last_reason_ = reason;
    return dfu::ManifestVerdict{to_dfu_reason(reason)};
}

dfu::ManifestVerdict SlotTarget::manifest(uint32_t total_length) {
    if (flush_tail() != dfu::FlashStatus::ok) return refuse(Reason::flash_error);
    const uint32_t floor = record_ ? record_->security_counter : 0;
    const image::Verdict v =
        image::verify_slot(flash_, slot_base(slot_), slot_policy(config_, floor), total_length);
    if (!v.ok()) return refuse(v.reason);
    StatusRecord r = record_ ? *record_ : StatusRecord{};
    if (!record_) {
        // Factory state with nothing valid: the new image becomes the active one.
        r.active = slot_;
        r.security_counter = v.header.security_counter;
    } else {
        r.candidate = slot_;
        r.state = CandidateState::pending;
    }
    r.last_reason = 0;
    if (!log_.append(r)) return refuse(Reason::flash_error);
    record_ = log_.latest();
    last_reason_ = Reason::ok;
    return dfu::ManifestVerdict{};
}

uint32_t SlotTarget::erase_poll_ms() const { return layout::kSlotSize / layout::kSectorSize * kEraseMsPerSector; }

uint32_t SlotTarget::program_poll_ms(uint32_t length) const {
    // Rounded up to a whole millisecond, plus the read-back.
    return (length / 4 + 1) * kProgramUsPerWord / 1000 + 1;
}

uint32_t SlotTarget::manifest_poll_ms(uint32_t total_length) const {
    return kVerifyFixedMs + (total_length / 1024 + 1) * kVerifyMsPerKiB;
}

}  // namespace fw::boot
