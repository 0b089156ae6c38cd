#include "byte_io.hpp"

namespace station::biometrics {

bool ByteReader::available(std::size_t count, std::string_view field) {
  if (error_) return false;
  if (count <= remaining()) return true;
  error_ = corrupt_at(offset_, std::string(field) + " needs " + std::to_string(count) +
                                   " bytes but the data ends after " + std::to_string(remaining()));
  offset_ = bytes_.size();
  return false;
}

std::uint8_t ByteReader::u8(std::string_view field) {
  if (!available(1, field)) return 0;
  return bytes_[offset_++];
}

std::uint16_t ByteReader::u16(std::string_view field) {
  if (!available(2, field)) return 0;
  std::uint16_t value = static_cast<std::uint16_t>(bytes_[offset_] << 8 | bytes_[offset_ + 1]);
  offset_ += 2;
  return value;
}

std::uint32_t ByteReader::u32(std::string_view field) {
  if (!available(4, field)) return 0;
  std::uint32_t value = std::uint32_t{bytes_[offset_]} << 24 | std::uint32_t{bytes_[offset_ + 1]} << 16 |
                        std::uint32_t{bytes_[offset_ + 2]} << 8 | bytes_[offset_ + 3];
  offset_ += 4;
  return value;
}

hal::ByteView ByteReader::take(std::size_t count, std::string_view field) {
  if (!available(count, field)) return {};
  hal::ByteView view = bytes_.subspan(offset_, count);
  offset_ += count;
  return view;
}

hal::Status ByteReader::status() const {
  if (error_) return *error_;
  return {};
}

hal::Error ByteReader::corrupt_at(std::size_t offset, std::string_view what) const {
  return hal::make_error(hal::ErrorCode::kCorrupt, format_ + ": " + std::string(what) + " (offset " +
                                                       std::to_string(base_offset_ + offset) + ")");
}

void ByteWriter::u16(std::uint16_t value) {
  bytes_.push_back(static_cast<std::uint8_t>(value >> 8));
  bytes_.push_back(static_cast<std::uint8_t>(value));
}

void ByteWriter::u32(std::uint32_t value) {
  u16(static_cast<std::uint16_t>(value >> 16));
  u16(static_cast<std::uint16_t>(value));
}

// Out of line: inlined into a caller that starts from an empty buffer, GCC
// 12 warns about a zero-sized destination that is never written.
void ByteWriter::append(hal::ByteView bytes) { bytes_.insert(bytes_.end(), bytes.begin(), bytes.end()); }

void ByteWriter::append(std::string_view text) {
  for (char c : text) bytes_.push_back(static_cast<std::uint8_t>(c));
}

}  // namespace station::biometrics
