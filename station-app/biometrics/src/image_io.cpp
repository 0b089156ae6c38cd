// Files in and out, and telling image formats apart.
#include "station/biometrics/image_io.hpp"

#include <cstring>
#include <string>

namespace station::biometrics {

namespace {

bool starts_with(hal::ByteView bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() && std::memcmp(bytes.data(), prefix.data(), prefix.size()) == 0;
}

}  // namespace

hal::Result<hal::Bytes> read_file(const std::filesystem::path& path, const hal::FileKind& kind) {
  return hal::read_regular_file(path, kind);
}

hal::Status write_file(const std::filesystem::path& path, hal::ByteView bytes) {
  return hal::write_file_atomically(path, bytes, 0644);
}

hal::Result<GreyImage> decode_image(hal::ByteView data) {
  if (starts_with(data, "\x89PNG")) return decode_png(data);
  if (starts_with(data, "P5")) return decode_pgm(data);
  return hal::make_error(hal::ErrorCode::kUnsupported, "image is neither PNG nor binary PGM (P5)");
}

hal::Result<GreyImage> read_image(const std::filesystem::path& path, const hal::FileKind& kind) {
  auto bytes = read_file(path, kind);
  if (!bytes) return bytes.error();
  auto image = decode_image(*bytes);
  if (!image) return hal::make_error(image.error().code, path.string() + ": " + image.error().message);
  return image;
}

hal::Status write_image(const std::filesystem::path& path, const GreyImage& image) {
  if (path.extension() == ".pgm") return write_file(path, encode_pgm(image));
  auto png = encode_png(image);
  if (!png) return png.error();
  return write_file(path, *png);
}

}  // namespace station::biometrics
