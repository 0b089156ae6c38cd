// Decoding: parse the segments, Huffman-decode every block into one
// coefficient sequence, dequantize into the subband layout, inverse
// transform, and undo the pixel normalisation.
#include <algorithm>
#include <cmath>
#include <vector>

#include "markers.hpp"
#include "nistcom.hpp"
#include "station/biometrics/wsq.hpp"
#include "subbands.hpp"
#include "wavelet.hpp"

namespace station::biometrics::wsq {

namespace {

Info info_of(const CodeStream& stream) {
  Info info;
  info.width = stream.frame.width;
  info.height = stream.frame.height;
  info.encoder = stream.frame.encoder;
  info.software = stream.frame.software;
  info.comments = stream.comments;
  NistcomFields fields = parse_nistcom(stream.comments);
  info.ppi = fields.ppi;
  info.bitrate = fields.bitrate;
  return info;
}

hal::Result<std::vector<std::int16_t>> decode_blocks(const CodeStream& stream, const Geometry& geometry) {
  std::vector<std::int16_t> coefficients(coded_coefficient_count(geometry, stream.quant));
  std::size_t written = 0;
  for (std::size_t b = 0; b < stream.blocks.size(); ++b) {
    const CodedBlock& block = stream.blocks[b];
    auto decoded = decode_coefficients(block.coded, block.table, coefficients, &written);
    if (!decoded) {
      return hal::make_error(decoded.error().code, decoded.error().message + " in block " + std::to_string(b + 1) +
                                                       " at offset " + std::to_string(block.offset));
    }
  }
  if (written != coefficients.size()) {
    return hal::make_error(hal::ErrorCode::kCorrupt, "WSQ: the blocks hold " + std::to_string(written) +
                                                         " coefficients; the frame and DQT need " +
                                                         std::to_string(coefficients.size()));
  }
  return coefficients;
}

// Rounds to the nearest grey level, clamped; the restrict pointers let the
// loop vectorize (a byte store could otherwise alias anything).
void to_bytes(const float* __restrict in, std::uint8_t* __restrict out, std::size_t count, float scale, float shift) {
  for (std::size_t i = 0; i < count; ++i) {
    float value = std::min(std::max(in[i] * scale + shift + 0.5f, 0.0f), 255.0f);
    out[i] = static_cast<std::uint8_t>(static_cast<int>(value));
  }
}

GreyImage to_pixels(const std::vector<float>& plane, const FrameHeader& frame) {
  GreyImage image(frame.width, frame.height);
  to_bytes(plane.data(), image.data(), plane.size(), static_cast<float>(frame.scale), static_cast<float>(frame.shift));
  return image;
}

}  // namespace

hal::Result<Info> inspect(hal::ByteView wsq) {
  auto stream = parse_code_stream(wsq);
  if (!stream) return stream.error();
  return info_of(*stream);
}

hal::Result<Decoded> decode(hal::ByteView wsq, const DecodeLimits& limits) {
  auto stream = parse_code_stream(wsq);
  if (!stream) return stream.error();
  const FrameHeader& frame = stream->frame;
  std::size_t pixels = std::size_t{frame.width} * frame.height;
  if (pixels > limits.max_pixels) {
    return hal::make_error(hal::ErrorCode::kUnsupported,
                           "WSQ: frame of " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                               " exceeds the decoder's limit of " + std::to_string(limits.max_pixels) + " pixels");
  }
  Geometry geometry = subband_geometry(frame.width, frame.height);
  auto coefficients = decode_blocks(*stream, geometry);
  if (!coefficients) return coefficients.error();
  std::vector<float> plane(pixels, 0.0f);
  dequantize(coefficients->data(), geometry, stream->quant, plane.data());
  inverse_transform(plane.data(), geometry);
  return Decoded{to_pixels(plane, frame), info_of(*stream)};
}

}  // namespace station::biometrics::wsq
