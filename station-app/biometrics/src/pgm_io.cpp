// Binary PGM (netpbm P5): "P5", width, height, maxval as ASCII numbers
// separated by whitespace and '#' comments, one whitespace byte, then pixels.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "station/biometrics/image_io.hpp"

namespace station::biometrics {

namespace {

class HeaderScanner {
 public:
  explicit HeaderScanner(hal::ByteView bytes) : bytes_(bytes) {}

  // The next decimal number, skipping whitespace and comments; nullopt when
  // none is there or it would not fit.
  std::optional<std::uint32_t> number() {
    skip_blanks();
    std::uint64_t value = 0;
    std::size_t digits = 0;
    while (offset_ < bytes_.size() && std::isdigit(bytes_[offset_])) {
      value = value * 10 + (bytes_[offset_++] - '0');
      if (++digits > 9) return std::nullopt;
    }
    if (digits == 0) return std::nullopt;
    return static_cast<std::uint32_t>(value);
  }

  // The single whitespace byte that ends the header.
  bool end_of_header() {
    if (offset_ >= bytes_.size() || !std::isspace(bytes_[offset_])) return false;
    ++offset_;
    return true;
  }

  std::size_t offset() const { return offset_; }

 private:
  void skip_blanks() {
    while (offset_ < bytes_.size()) {
      if (std::isspace(bytes_[offset_])) {
        ++offset_;
      } else if (bytes_[offset_] == '#') {
        while (offset_ < bytes_.size() && bytes_[offset_] != '\n') ++offset_;
      } else {
        return;
      }
    }
  }

  hal::ByteView bytes_;
  std::size_t offset_ = 2;  // after "P5"
};

hal::Error pgm_corrupt(const std::string& what) { return hal::make_error(hal::ErrorCode::kCorrupt, "PGM: " + what); }

}  // namespace

hal::Result<GreyImage> decode_pgm(hal::ByteView bytes) {
  if (bytes.size() < 2 || bytes[0] != 'P' || bytes[1] != '5') return pgm_corrupt("the P5 signature is missing");
  HeaderScanner scanner(bytes);
  auto width = scanner.number();
  auto height = scanner.number();
  auto maxval = scanner.number();
  if (!width || !height || !maxval) return pgm_corrupt("header needs width, height and maximum value");
  if (*width == 0 || *height == 0) return pgm_corrupt("image has no pixels");
  if (*maxval == 0 || *maxval > 65535)
    return pgm_corrupt("maximum value " + std::to_string(*maxval) + " is not 1..65535");
  if (*maxval > 255) return hal::make_error(hal::ErrorCode::kUnsupported, "PGM: 16-bit samples are not supported");
  if (*width > kMaxImageSide || *height > kMaxImageSide) {
    return hal::make_error(hal::ErrorCode::kUnsupported,
                           "PGM: image is larger than " + std::to_string(kMaxImageSide) + " pixels on a side");
  }
  if (!scanner.end_of_header()) return pgm_corrupt("header does not end with a whitespace byte");
  std::size_t count = std::size_t{*width} * *height;
  if (bytes.size() - scanner.offset() < count) {
    return pgm_corrupt("header announces " + std::to_string(count) + " pixels, file holds " +
                       std::to_string(bytes.size() - scanner.offset()));
  }
  auto first = bytes.begin() + static_cast<std::ptrdiff_t>(scanner.offset());
  GreyImage image(*width, *height);
  for (std::size_t i = 0; i < count; ++i) {
    // Rescale so a file with a small maxval still spans black to white.
    image.data()[i] = static_cast<std::uint8_t>(std::min<std::uint32_t>(first[i], *maxval) * 255 / *maxval);
  }
  return image;
}

hal::Bytes encode_pgm(const GreyImage& image) {
  std::string header = "P5\n" + std::to_string(image.width()) + " " + std::to_string(image.height()) + "\n255\n";
  hal::Bytes out(header.begin(), header.end());
  out.insert(out.end(), image.pixels().begin(), image.pixels().end());
  return out;
}

}  // namespace station::biometrics
