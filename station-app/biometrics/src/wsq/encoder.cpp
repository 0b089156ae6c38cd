// Encoding, in the spec's order: normalise the pixels, transform, pick bins
// from the subband variances, quantize, and code three blocks (block 1 with
// Huffman table 0, blocks 2 and 3 sharing table 1).
#include <algorithm>
#include <vector>

#include "markers.hpp"
#include "nistcom.hpp"
#include "station/biometrics/wsq.hpp"
#include "subbands.hpp"
#include "wavelet.hpp"

namespace station::biometrics::wsq {

namespace {

constexpr std::uint32_t kMaxSide = 0xFFFF;

// Shift by the mean and scale so the pixels span about +-128; the header
// can only carry rounded values, so those are what the pixels get.
FrameHeader normalization(const GreyImage& image) {
  std::uint64_t sum = 0;
  int low = 255, high = 0;
  for (std::uint8_t p : image.pixels()) {
    sum += p;
    low = std::min<int>(low, p);
    high = std::max<int>(high, p);
  }
  double mean = double(sum) / double(image.size());
  double spread = std::max(mean - low, high - mean) / 128.0;
  FrameHeader frame;
  frame.width = static_cast<std::uint16_t>(image.width());
  frame.height = static_cast<std::uint16_t>(image.height());
  frame.shift = frame_representable(mean);
  frame.scale = spread > 0 ? frame_representable(spread) : 1.0;
  return frame;
}

void to_floats(const std::uint8_t* __restrict in, float* __restrict out, std::size_t count, float shift,
               float inverse_scale) {
  for (std::size_t i = 0; i < count; ++i) out[i] = (float(in[i]) - shift) * inverse_scale;
}

std::vector<float> normalized_plane(const GreyImage& image, const FrameHeader& frame) {
  std::vector<float> plane(image.size());
  to_floats(image.pixels().data(), plane.data(), plane.size(), static_cast<float>(frame.shift),
            static_cast<float>(1.0 / frame.scale));
  return plane;
}

hal::Status check_arguments(const GreyImage& image, const EncodeOptions& options) {
  if (image.width() < kMinEncodeSide || image.height() < kMinEncodeSide || image.width() > kMaxSide ||
      image.height() > kMaxSide) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "WSQ: image of " + std::to_string(image.width()) + "x" + std::to_string(image.height()) +
                               " cannot be encoded; sides must be " + std::to_string(kMinEncodeSide) + "-65535");
  }
  if (!(options.bitrate > 0 && options.bitrate <= 8)) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "WSQ: bitrate " + std::to_string(options.bitrate) + " is outside (0, 8] bits per pixel");
  }
  return {};
}

}  // namespace

hal::Result<hal::Bytes> encode(const GreyImage& image, const EncodeOptions& options) {
  HAL_TRY(check_arguments(image, options));
  FrameHeader frame = normalization(image);
  std::vector<float> plane = normalized_plane(image, frame);
  Geometry geometry = subband_geometry(int(image.width()), int(image.height()));
  forward_transform(plane.data(), geometry);
  QuantTable quant = allocate_bins(subband_variances(plane.data(), geometry), options.bitrate);

  std::array<std::vector<std::int16_t>, 3> blocks;
  for (int b = 0; b < 3; ++b) blocks[b] = quantize_block(plane.data(), geometry, quant, b);
  std::array<SymbolCounts, 2> counts{};
  count_symbols(blocks[0], counts[0]);
  count_symbols(blocks[1], counts[1]);
  count_symbols(blocks[2], counts[1]);
  std::array<HuffmanTable, 2> tables{build_table(counts[0]), build_table(counts[1])};

  ByteWriter out;
  write_marker(out, kSoi);
  write_comment(out, make_nistcom(int(image.width()), int(image.height()), options.ppi, options.bitrate));
  if (!options.comment.empty()) write_comment(out, options.comment);
  write_transform_table(out);
  write_quant_table(out, quant);
  write_frame_header(out, frame);
  for (int b = 0; b < 3; ++b) {
    int table_id = b == 0 ? 0 : 1;
    if (b < 2) write_huffman_table(out, table_id, tables[table_id]);
    write_block_header(out, table_id);
    out.append(hal::ByteView(encode_coefficients(blocks[b], tables[table_id])));
  }
  write_marker(out, kEoi);
  return out.take();
}

}  // namespace station::biometrics::wsq
