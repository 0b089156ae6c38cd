// The face photo read from a file, whatever form the desk was given it in.
#include <string>

#include "hal/files.hpp"
#include "station/biometrics/image_io.hpp"
#include "station/biometrics/jpeg2000.hpp"
#include "station/biometrics/netpbm.hpp"
#include "station/biometrics/raw_image.hpp"

namespace station::biometrics {

namespace {

hal::Result<RawImage> decode_face(const std::string& extension, hal::ByteView bytes) {
  if (extension == ".jp2" || extension == ".j2k") return decode_jpeg2000(bytes);
  if (extension == ".pgm" || extension == ".ppm") return decode_netpbm(bytes, kMaxFaceSide);
  auto grey = decode_png(bytes);
  if (!grey) return grey.error();
  if (grey->width() > kMaxFaceSide || grey->height() > kMaxFaceSide) {
    return hal::make_error(hal::ErrorCode::kUnsupported, "PNG: image is larger than " + std::to_string(kMaxFaceSide) +
                                                             " pixels on a side");
  }
  return RawImage{grey->width(), grey->height(), 1, grey->pixels()};
}

}  // namespace

hal::Result<RawImage> read_face_image(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  if (extension != ".jp2" && extension != ".j2k" && extension != ".png" && extension != ".pgm" && extension != ".ppm") {
    return hal::make_error(hal::ErrorCode::kUnsupported,
                           "face image " + path.string() + ": give a .jp2, .j2k, .png, .pgm or .ppm file");
  }
  auto bytes = hal::read_regular_file(path, hal::kFaceImageFile);
  if (!bytes) return bytes.error();
  auto image = decode_face(extension, *bytes);
  if (!image) return hal::make_error(image.error().code, "face image " + path.string() + ": " + image.error().message);
  return image;
}

}  // namespace station::biometrics
