// An uncompressed 8-bit image, grey or RGB, as the face arrives for the card.
#pragma once

#include <cstdint>
#include <filesystem>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::card {

struct RawImage {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t channels = 0;  // 1 grey, 3 RGB
  hal::Bytes pixels;           // row by row, channels interleaved

  bool empty() const { return pixels.empty(); }
};

// The largest face image the station takes; ISO/IEC 19794-5 token images are
// 240 x 320 and a full-frontal capture rarely needs more than 1200 x 1600.
inline constexpr std::uint32_t kMaxImageSide = 4096;

// Binary netpbm: P5 (grey) or P6 (RGB), maxval 255. kInvalidArgument naming
// what is wrong (format, size beyond kMaxImageSide, truncated pixels).
hal::Result<RawImage> parse_netpbm(hal::ByteView file, const std::string& what);
// Errors: kNotFound, kIo, and those of parse_netpbm.
hal::Result<RawImage> read_netpbm(const std::filesystem::path& path);

// P5/P6, for tests and tools.
hal::Bytes encode_netpbm(const RawImage& image);

}  // namespace station::card
