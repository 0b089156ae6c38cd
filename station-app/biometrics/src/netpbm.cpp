#include "station/biometrics/netpbm.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "station/biometrics/image_io.hpp"

namespace station::biometrics {

namespace {

bool is_space(std::uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

class HeaderScanner {
 public:
  explicit HeaderScanner(hal::ByteView bytes) : bytes_(bytes) {}

  // The next decimal number, skipping white space and comments; nullopt when
  // none is there or it has more than 9 digits.
  std::optional<std::uint32_t> number() {
    skip_blanks();
    std::uint32_t value = 0;
    std::size_t digits = 0;
    while (offset_ < bytes_.size() && bytes_[offset_] >= '0' && bytes_[offset_] <= '9') {
      value = value * 10 + static_cast<std::uint32_t>(bytes_[offset_++] - '0');
      if (++digits > 9) return std::nullopt;
    }
    if (digits == 0) return std::nullopt;
    return value;
  }

  // The single white-space byte that ends the header.
  bool end_of_header() {
    if (offset_ >= bytes_.size() || !is_space(bytes_[offset_])) return false;
    ++offset_;
    return true;
  }

  std::size_t offset() const { return offset_; }

 private:
  void skip_blanks() {
    while (offset_ < bytes_.size()) {
      if (is_space(bytes_[offset_])) {
        ++offset_;
      } else if (bytes_[offset_] == '#') {
        while (offset_ < bytes_.size() && bytes_[offset_] != '\n') ++offset_;
      } else {
        return;
      }
    }
  }

  hal::ByteView bytes_;
  std::size_t offset_ = 2;  // after the signature
};

struct Header {
  std::uint32_t width = 0, height = 0, maxval = 0, channels = 0;
  std::size_t pixels_at = 0;
};

hal::Result<Header> read_header(hal::ByteView file, std::uint32_t max_side, const std::string& kind) {
  auto fail = [&](hal::ErrorCode code, const std::string& why) { return hal::make_error(code, kind + ": " + why); };
  HeaderScanner scanner(file);
  auto width = scanner.number();
  auto height = scanner.number();
  auto maxval = scanner.number();
  if (!width || !height || !maxval) return fail(hal::ErrorCode::kCorrupt, "malformed header: it needs width, height and maximum value");
  if (*width == 0 || *height == 0) return fail(hal::ErrorCode::kCorrupt, "image has no pixels");
  if (*maxval == 0 || *maxval > 65535) {
    return fail(hal::ErrorCode::kCorrupt, "maximum value " + std::to_string(*maxval) + " is not 1..65535");
  }
  if (*maxval > 255) {
    return fail(hal::ErrorCode::kUnsupported, "16-bit samples (maximum value " + std::to_string(*maxval) +
                                                  ") are not taken, only 8-bit ones (up to 255)");
  }
  if (*width > max_side || *height > max_side) {
    return fail(hal::ErrorCode::kUnsupported, "image of " + std::to_string(*width) + " x " + std::to_string(*height) +
                                                  " pixels is larger than " + std::to_string(max_side) +
                                                  " pixels on a side");
  }
  if (!scanner.end_of_header()) return fail(hal::ErrorCode::kCorrupt, "malformed header: it does not end with a white-space byte");
  return Header{*width, *height, *maxval, 0, scanner.offset()};
}

}  // namespace

hal::Result<RawImage> decode_netpbm(hal::ByteView file, std::uint32_t max_side) {
  if (file.size() < 2 || file[0] != 'P' || (file[1] != '5' && file[1] != '6')) {
    return hal::make_error(hal::ErrorCode::kCorrupt, "PGM: not a binary PGM (P5) or PPM (P6) image: the signature is missing");
  }
  const std::uint32_t channels = file[1] == '5' ? 1 : 3;
  const std::string kind = channels == 1 ? "PGM" : "PPM";
  auto header = read_header(file, max_side, kind);
  if (!header) return header.error();
  const std::size_t count = std::size_t{header->width} * header->height;
  const std::size_t expected = count * channels, held = file.size() - header->pixels_at;
  if (held < expected) {
    return hal::make_error(hal::ErrorCode::kCorrupt, kind + ": pixel data cut short: the header announces " +
                                                         std::to_string(count) + " pixels (" + std::to_string(expected) +
                                                         " bytes), the file holds " + std::to_string(held) + " bytes");
  }
  RawImage image{header->width, header->height, channels, hal::Bytes(expected)};
  const auto* first = file.data() + header->pixels_at;
  for (std::size_t i = 0; i < expected; ++i) {
    image.pixels[i] = static_cast<std::uint8_t>(std::min<std::uint32_t>(first[i], header->maxval) * 255 / header->maxval);
  }
  return image;
}

hal::Bytes encode_netpbm(const RawImage& image) {
  const std::string header = std::string(image.channels == 1 ? "P5" : "P6") + "\n" + std::to_string(image.width) + " " +
                             std::to_string(image.height) + "\n255\n";
  hal::Bytes out(header.begin(), header.end());
  out.insert(out.end(), image.pixels.begin(), image.pixels.end());
  return out;
}

hal::Result<GreyImage> decode_pgm(hal::ByteView pgm) {
  if (pgm.size() >= 2 && pgm[0] == 'P' && pgm[1] == '6') {
    return hal::make_error(hal::ErrorCode::kUnsupported, "PPM: a colour image; a grey PGM (P5) is needed here");
  }
  auto image = decode_netpbm(pgm, kMaxImageSide);
  if (!image) return image.error();
  return GreyImage::from_pixels(image->width, image->height, std::move(image->pixels));
}

hal::Bytes encode_pgm(const GreyImage& image) { return encode_netpbm({image.width(), image.height(), 1, image.pixels()}); }

}  // namespace station::biometrics
