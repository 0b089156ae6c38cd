// The status area of firmware/IMAGE.md §3: an append-only log of 32-byte
// records in two sectors; the valid record with the highest sequence number
// is the boot state. Only the bootloader writes it.
#pragma once

#include <cstdint>
#include <optional>

#include "fw/platform/flash.hpp"

namespace fw::boot {

inline constexpr std::uint8_t kNoSlot = 0xFF;

enum class CandidateState : std::uint8_t { none = 0xFF, pending = 1, testing = 2 };

struct StatusRecord {
    std::uint32_t sequence = 0;
    std::uint8_t active = kNoSlot;
    std::uint8_t candidate = kNoSlot;
    CandidateState state = CandidateState::none;
    std::uint32_t security_counter = 0;
    std::uint32_t last_reason = 0;  // fw::image::Reason code of the last refusal
};

inline constexpr std::uint32_t kRecordSize = 32;
inline constexpr std::uint32_t kRecordMagic = 0x41545342;  // "BSTA"
inline constexpr std::uint32_t kCommitWord = 0x454E4F44;   // "DONE"

// CRC-32 (IEEE 802.3, reflected, as zlib's crc32()).
std::uint32_t crc32(const std::uint8_t* data, std::size_t length);

void encode_record(const StatusRecord& record, std::uint8_t out[kRecordSize]);
// Empty when magic, CRC, commit word or a field's range is wrong.
std::optional<StatusRecord> decode_record(const std::uint8_t raw[kRecordSize]);

class StatusLog {
public:
    explicit StatusLog(platform::Flash& flash) : flash_(flash) {}

    // The newest valid record, or none (factory state). Scans the area.
    std::optional<StatusRecord> latest();
    // Appends `record` as the new state (its sequence number is assigned).
    // Returns false when the flash refused (e.g. power lost): the previous
    // record then still rules.
    bool append(StatusRecord record);

private:
    struct Scan {
        std::optional<StatusRecord> newest;
        std::uint32_t newest_sector = 0;
        std::uint32_t used_cells[2] = {0, 0};  // cells up to and including the last non-erased one
    };
    bool scan(Scan& out);
    bool write_cell(std::uint32_t offset, const StatusRecord& record);

    platform::Flash& flash_;
};

}  // namespace fw::boot
