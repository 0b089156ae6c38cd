// Big-endian reading and writing for the binary formats here (WSQ segments,
// ANSI/NIST Type-4 headers, ISO/IEC 19794-4 records).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::biometrics {

// Reads fields in order. The first read past the end latches an error that
// names the field and its offset; later reads return zeros, so a parser
// reads a whole header and checks status() once.
class ByteReader {
 public:
  // `format` prefixes every message ("WSQ", "ANSI/NIST Type-4").
  ByteReader(hal::ByteView bytes, std::string format, std::size_t base_offset = 0)
      : bytes_(bytes), format_(std::move(format)), base_offset_(base_offset) {}

  std::uint8_t u8(std::string_view field);
  std::uint16_t u16(std::string_view field);
  std::uint32_t u32(std::string_view field);
  // The next `count` bytes; an empty view after an error.
  hal::ByteView take(std::size_t count, std::string_view field);

  std::size_t offset() const { return offset_; }
  std::size_t remaining() const { return bytes_.size() - offset_; }
  bool failed() const { return error_.has_value(); }
  // ok, or kCorrupt naming the first field that ran past the end.
  hal::Status status() const;
  // kCorrupt "<format>: <what> (offset N)" at the current offset.
  hal::Error corrupt(std::string_view what) const { return corrupt_at(offset_, what); }
  hal::Error corrupt_at(std::size_t offset, std::string_view what) const;

 private:
  bool available(std::size_t count, std::string_view field);

  hal::ByteView bytes_;
  std::string format_;
  std::size_t base_offset_;
  std::size_t offset_ = 0;
  std::optional<hal::Error> error_;
};

// Appends big-endian fields to a byte buffer.
class ByteWriter {
 public:
  void u8(std::uint8_t value) { bytes_.push_back(value); }
  void u16(std::uint16_t value);
  void u32(std::uint32_t value);
  void append(hal::ByteView bytes);
  void append(std::string_view text);

  std::size_t size() const { return bytes_.size(); }
  hal::Bytes take() { return std::move(bytes_); }

 private:
  hal::Bytes bytes_;
};

}  // namespace station::biometrics
