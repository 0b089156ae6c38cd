// Grey images in and out of files: PNG (through libpng) for previews and
// exports, binary PGM for tools and tests. Pixel values pass through
// untouched: no gamma or colour-profile correction is ever applied.
#pragma once

#include <filesystem>

#include "hal/bytes.hpp"
#include "hal/files.hpp"
#include "hal/result.hpp"
#include "station/biometrics/grey_image.hpp"

namespace station::biometrics {

// Which channel of a PNG becomes the grey image. kGrey: the grey channel
// (colour images are converted to luminance, alpha is ignored). kAlpha: the
// alpha channel, for files that store the print as a mask (the NIST flat
// samples do).
enum class PngChannel { kGrey, kAlpha };

// Largest width or height accepted from a PNG or PGM file, so a forged header
// cannot make us allocate gigabytes.
inline constexpr std::uint32_t kMaxImageSide = 16384;

// Errors: kCorrupt (not a PNG, damaged data), kInvalidArgument (kAlpha asked
// of a PNG without alpha), kUnsupported (larger than kMaxImageSide).
hal::Result<GreyImage> decode_png(hal::ByteView png, PngChannel channel = PngChannel::kGrey);
// 8-bit greyscale PNG. Errors: kInvalidArgument (empty image), kInternal.
hal::Result<hal::Bytes> encode_png(const GreyImage& image);
// 8-bit RGB PNG from row-major R, G, B samples (colour records such as an
// iris or face image stored uncompressed). Errors: kInvalidArgument when
// `rgb` is not width * height * 3 bytes or the image is empty, kInternal.
hal::Result<hal::Bytes> encode_png_rgb(std::uint32_t width, std::uint32_t height, hal::ByteView rgb);

// Binary PGM (P5) with a maximum value up to 255. Errors: kCorrupt (bad
// header, too few pixels), kUnsupported (16-bit samples, larger than
// kMaxImageSide).
hal::Result<GreyImage> decode_pgm(hal::ByteView pgm);
hal::Bytes encode_pgm(const GreyImage& image);

// PNG or PGM, told apart by their signatures. Errors: those of the decoders,
// kUnsupported for anything else.
hal::Result<GreyImage> decode_image(hal::ByteView data);

// Whole-file helpers: hal::read_regular_file (a regular file, no link, at
// most kind.max_bytes) and hal::write_file_atomically.
hal::Result<hal::Bytes> read_file(const std::filesystem::path& path, const hal::FileKind& kind = hal::kFingerprintFile);
hal::Status write_file(const std::filesystem::path& path, hal::ByteView bytes);

// read_image: read_file + decode_image. write_image picks PGM for a ".pgm"
// extension and PNG otherwise.
hal::Result<GreyImage> read_image(const std::filesystem::path& path,
                                  const hal::FileKind& kind = hal::kFingerprintFile);
hal::Status write_image(const std::filesystem::path& path, const GreyImage& image);

}  // namespace station::biometrics
