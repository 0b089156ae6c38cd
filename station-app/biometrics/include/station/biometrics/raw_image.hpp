// An uncompressed 8-bit image, grey or RGB: the face as it is captured or
// read, before it is coded to JPEG 2000 for the dossier and the card.
#pragma once

#include <cstdint>
#include <filesystem>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::biometrics {

struct RawImage {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t channels = 0;  // 1 grey, 3 RGB
  hal::Bytes pixels;           // row by row, channels interleaved

  bool empty() const { return pixels.empty(); }
};

// The largest face image the station takes; ISO/IEC 19794-5 token images are
// 240 x 320 and a full-frontal capture rarely needs more than 1200 x 1600.
inline constexpr std::uint32_t kMaxFaceSide = 4096;

// A face photo file, told by its extension: .jp2/.j2k (JPEG 2000), .png,
// .pgm/.ppm (binary Netpbm), read as hal::kFaceImageFile and no larger than
// kMaxFaceSide a side. Errors name the file: those of hal::read_regular_file,
// kCorrupt or kUnsupported from the decoders, kUnsupported for another
// extension.
hal::Result<RawImage> read_face_image(const std::filesystem::path& path);

}  // namespace station::biometrics
