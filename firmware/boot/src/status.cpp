#include "fw/boot/status.hpp"

#include "fw/image/format.hpp"
#include "fw/platform/layout.hpp"

namespace fw::boot {
namespace {

namespace layout = platform::layout;
using platform::FlashStatus;

constexpr std::uint32_t kCellsPerSector = layout::kSectorSize / kRecordSize;
constexpr std::uint32_t kBodySize = kRecordSize - 4;  // written first; the commit word last

void store_le32(std::uint8_t* p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

bool erased(const std::uint8_t* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        if (p[i] != 0xFF) return false;
    }
    return true;
}

bool slot_ok(std::uint8_t slot, bool may_be_none) { return slot < 2 || (may_be_none && slot == kNoSlot); }

bool fields_ok(const StatusRecord& r, std::uint8_t state) {
    if (!slot_ok(r.active, false) || !slot_ok(r.candidate, true)) return false;
    if (r.candidate == kNoSlot) return state == 0xFF;
    return r.candidate != r.active && (state == 1 || state == 2);
}

std::uint32_t sector_offset(std::uint32_t sector) { return layout::kStatusOffset + sector * layout::kSectorSize; }

}  // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t length) {
    std::uint32_t crc = 0xFFFFFFFF;
    for (std::size_t i = 0; i < length; ++i) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

void encode_record(const StatusRecord& r, std::uint8_t out[kRecordSize]) {
    store_le32(out + 0, kRecordMagic);
    store_le32(out + 4, r.sequence);
    out[8] = r.active;
    out[9] = r.candidate;
    out[10] = static_cast<std::uint8_t>(r.state);
    out[11] = 0;
    store_le32(out + 12, r.security_counter);
    store_le32(out + 16, r.last_reason);
    store_le32(out + 20, 0);
    store_le32(out + 24, crc32(out, 24));
    store_le32(out + 28, kCommitWord);
}

std::optional<StatusRecord> decode_record(const std::uint8_t raw[kRecordSize]) {
    using image::load_le32;
    if (load_le32(raw) != kRecordMagic || load_le32(raw + 28) != kCommitWord) return std::nullopt;
    if (load_le32(raw + 24) != crc32(raw, 24)) return std::nullopt;
    StatusRecord r;
    r.sequence = load_le32(raw + 4);
    r.active = raw[8];
    r.candidate = raw[9];
    r.state = static_cast<CandidateState>(raw[10]);
    r.security_counter = load_le32(raw + 12);
    r.last_reason = load_le32(raw + 16);
    if (!fields_ok(r, raw[10])) return std::nullopt;
    return r;
}

bool StatusLog::scan(Scan& out) {
    for (std::uint32_t sector = 0; sector < layout::kStatusSectors; ++sector) {
        for (std::uint32_t cell = 0; cell < kCellsPerSector; ++cell) {
            std::uint8_t raw[kRecordSize];
            if (flash_.read(sector_offset(sector) + cell * kRecordSize, raw) != FlashStatus::ok) return false;
            if (erased(raw, sizeof raw)) continue;
            out.used_cells[sector] = cell + 1;
            const auto record = decode_record(raw);
            if (record && (!out.newest || record->sequence > out.newest->sequence)) {
                out.newest = record;
                out.newest_sector = sector;
            }
        }
    }
    return true;
}

std::optional<StatusRecord> StatusLog::latest() {
    Scan s;
    if (!scan(s)) return std::nullopt;
    return s.newest;
}

bool StatusLog::write_cell(std::uint32_t offset, const StatusRecord& record) {
    std::uint8_t raw[kRecordSize];
    encode_record(record, raw);
    // Body first, commit word last: until the commit word lands the record
    // is ignored and the previous one rules (IMAGE.md §3).
    if (flash_.program(offset, std::span<const std::uint8_t>(raw, kBodySize)) != FlashStatus::ok) return false;
    return flash_.program(offset + kBodySize, std::span<const std::uint8_t>(raw + kBodySize, 4)) == FlashStatus::ok;
}

bool StatusLog::append(StatusRecord record) {
    Scan s;
    if (!scan(s)) return false;
    record.sequence = s.newest ? s.newest->sequence + 1 : 1;
    std::uint32_t sector = s.newest_sector;
    if (s.used_cells[sector] < kCellsPerSector) {
        return write_cell(sector_offset(sector) + s.used_cells[sector] * kRecordSize, record);
    }
    // Full: the other sector holds only older records, so erasing it cannot
    // lose the state (the newest record stays where it is until then).
    sector = 1 - sector;
    if (flash_.erase_sector(sector_offset(sector)) != FlashStatus::ok) return false;
    return write_cell(sector_offset(sector), record);
}

}  // namespace fw::boot
