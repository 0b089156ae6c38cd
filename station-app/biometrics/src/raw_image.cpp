#include "station/biometrics/raw_image.hpp"

#include <iterator>
#include <string>

#include "hal/files.hpp"

namespace station::card {

namespace {

hal::Error bad(const std::string& what, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kInvalidArgument, what + ": " + why);
}

bool is_space(std::uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The next header number, skipping white space and # comments.
bool header_number(hal::ByteView file, std::size_t& at, std::uint64_t& out) {
  for (;;) {
    while (at < file.size() && is_space(file[at])) ++at;
    if (at < file.size() && file[at] == '#') {
      while (at < file.size() && file[at] != '\n') ++at;
      continue;
    }
    break;
  }
  if (at >= file.size() || file[at] < '0' || file[at] > '9') return false;
  out = 0;
  while (at < file.size() && file[at] >= '0' && file[at] <= '9') {
    out = out * 10 + (file[at++] - '0');
    if (out > 1'000'000) return false;
  }
  return true;
}

}  // namespace

hal::Result<RawImage> parse_netpbm(hal::ByteView file, const std::string& what) {
  if (file.size() < 2 || file[0] != 'P' || (file[1] != '5' && file[1] != '6')) {
    return bad(what, "not a binary PGM (P5) or PPM (P6) image");
  }
  RawImage image;
  image.channels = file[1] == '5' ? 1 : 3;
  std::size_t at = 2;
  std::uint64_t width = 0, height = 0, maxval = 0;
  if (!header_number(file, at, width) || !header_number(file, at, height) || !header_number(file, at, maxval)) {
    return bad(what, "malformed netpbm header");
  }
  if (maxval != 255) return bad(what, "only 8-bit images (maxval 255) are taken, not maxval " + std::to_string(maxval));
  if (width == 0 || height == 0) return bad(what, "image has no pixels");
  if (width > kMaxImageSide || height > kMaxImageSide) {
    return bad(what, "image of " + std::to_string(width) + " x " + std::to_string(height) +
                         " pixels is larger than the " + std::to_string(kMaxImageSide) + " x " +
                         std::to_string(kMaxImageSide) + " the station takes");
  }
  if (at >= file.size() || !is_space(file[at])) return bad(what, "malformed netpbm header");
  ++at;  // the single white space before the pixels
  const std::size_t expected = width * height * image.channels;
  if (file.size() - at < expected) {
    return bad(what, "pixel data cut short: " + std::to_string(file.size() - at) + " of " + std::to_string(expected) +
                         " bytes");
  }
  image.width = static_cast<std::uint32_t>(width);
  image.height = static_cast<std::uint32_t>(height);
  image.pixels.assign(file.begin() + static_cast<std::ptrdiff_t>(at),
                      file.begin() + static_cast<std::ptrdiff_t>(at + expected));
  return image;
}

hal::Result<RawImage> read_netpbm(const std::filesystem::path& path) {
  auto bytes = hal::read_regular_file(path, hal::kFaceImageFile);
  if (!bytes) return bytes.error();
  return parse_netpbm(*bytes, path.string());
}

hal::Bytes encode_netpbm(const RawImage& image) {
  const std::string header = std::string(image.channels == 1 ? "P5" : "P6") + "\n" + std::to_string(image.width) + " " +
                             std::to_string(image.height) + "\n255\n";
  hal::Bytes out(header.begin(), header.end());
  out.insert(out.end(), image.pixels.begin(), image.pixels.end());
  return out;
}

}  // namespace station::card
