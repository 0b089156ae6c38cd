// FBI WSQ gray-scale fingerprint image compression (specification 3.1):
// the format ANSI/NIST Type-4 and Type-14 records carry ("WSQ20").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/biometrics/grey_image.hpp"

namespace station::biometrics::wsq {

struct EncodeOptions {
  // Target bits per pixel: 0.75 (the FBI's setting, about 15:1) by default;
  // 2.25 gives about 5:1.
  double bitrate = 0.75;
  // Scan resolution written to the NISTCOM comment; -1 when unknown.
  int ppi = 500;
  // An extra free-text comment segment; none when empty.
  std::string comment;
};

// The smallest side the encoder takes: every wavelet split then has at
// least two samples, which every decoder handles.
inline constexpr std::uint32_t kMinEncodeSide = 32;

// Compresses `image`. Errors: kInvalidArgument (a side under
// kMinEncodeSide or over 65535, bitrate outside (0, 8]).
hal::Result<hal::Bytes> encode(const GreyImage& image, const EncodeOptions& options = {});

// What the headers say, without decoding any pixels.
struct Info {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  int ppi = -1;         // from the NISTCOM comment; -1 when absent
  double bitrate = -1;  // the encoder's target, from NISTCOM; -1 when absent
  int encoder = 0;      // the frame header's encoder and software numbers
  int software = 0;
  std::vector<std::string> comments;
};

struct DecodeLimits {
  // Refuse frames larger than this (a forged header must not make us
  // allocate gigabytes). 16 Mpx covers a 500 ppi ten-print card.
  std::size_t max_pixels = std::size_t{4096} * 4096;
};

struct Decoded {
  GreyImage image;
  Info info;
};

// Errors: kCorrupt naming the marker or field and its byte offset
// (truncated data, bad tables, coded data that does not fill the frame);
// kUnsupported (non-standard filters, frame over the limit).
hal::Result<Info> inspect(hal::ByteView wsq);
hal::Result<Decoded> decode(hal::ByteView wsq, const DecodeLimits& limits = {});

}  // namespace station::biometrics::wsq
