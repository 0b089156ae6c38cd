// libFuzzer target: the WSQ decoder on arbitrary bytes. Any input must give
// an image or an error; sanitizers catch the rest. Seeds in
// corpus/wsq_decode/ are small files from our encoder.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "station/biometrics/wsq.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hal::ByteView bytes(data, size);
  auto info = station::biometrics::wsq::inspect(bytes);
  // A lower ceiling than the station's keeps each run fast; the size check
  // itself is what is under test.
  station::biometrics::wsq::DecodeLimits limits;
  limits.max_pixels = 1 << 20;
  auto decoded = station::biometrics::wsq::decode(bytes, limits);
  if (decoded.ok() && (!info.ok() || decoded->image.width() != info->width)) std::abort();
  return 0;
}
