// Binary Netpbm, the one reader and writer of PGM (P5, grey) and PPM (P6,
// RGB) files: faces for the card, prints for tools and tests. Header:
// signature, width, height, maxval as ASCII numbers separated by white space
// and '#' comments, one white-space byte, then the samples.
#pragma once

#include <cstdint>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/biometrics/raw_image.hpp"

namespace station::biometrics {

// P5 or P6 with a maxval of 1..255; samples are rescaled so a small maxval
// still spans black to white. `max_side` caps width and height, so a forged
// header cannot make us allocate gigabytes. Errors: kCorrupt (no P5/P6
// signature, malformed header, pixels cut short), kUnsupported (16-bit
// samples, larger than `max_side`), each message starting "PGM: " or "PPM: ".
hal::Result<RawImage> decode_netpbm(hal::ByteView file, std::uint32_t max_side);

// P5 for one channel, P6 for three; maxval 255.
hal::Bytes encode_netpbm(const RawImage& image);

}  // namespace station::biometrics
