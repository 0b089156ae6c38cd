// JPEG 2000 (ISO/IEC 15444-1) through OpenJPEG, for the face in DG2: the
// JP2 file format with lossy (9-7) coding at a chosen size, and decoding of
// JP2 files or bare codestreams.
#pragma once

#include <cstddef>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/biometrics/raw_image.hpp"

namespace station::biometrics {

// Encodes `image` (grey or RGB) to a JP2 file of about `target_bytes`
// (never more than `target_bytes` plus the few dozen bytes of JP2 boxes).
// Errors: kInvalidArgument (empty image, target under 512 bytes), kInternal
// (OpenJPEG failed; its message is kept).
hal::Result<hal::Bytes> encode_jpeg2000(const RawImage& image, std::size_t target_bytes);

// Decodes a JP2 file or a J2K codestream holding an 8-bit grey or RGB image
// no larger than kMaxFaceSide. kCorrupt naming what is wrong.
hal::Result<RawImage> decode_jpeg2000(hal::ByteView data);

}  // namespace station::biometrics
