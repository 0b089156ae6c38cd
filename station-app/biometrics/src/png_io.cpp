// PNG through libpng's classic API. libpng reports errors by longjmp, so the
// functions that call setjmp hold only plain data and buffers made before
// the jump point: nothing with a destructor is skipped by the jump.
#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "station/biometrics/image_io.hpp"

namespace station::biometrics {

namespace {

constexpr std::size_t kDeflateMaxRatio = 1032;

struct PngMessage {
  char text[160] = {};
  char warning[160] = {};  // libpng warns with the reason, then fails
};

[[noreturn]] void on_png_error(png_structp png, png_const_charp message) {
  auto* out = static_cast<PngMessage*>(png_get_error_ptr(png));
  std::snprintf(out->text, sizeof out->text, "%s", message);
  png_longjmp(png, 1);
}

void on_png_warning(png_structp png, png_const_charp message) {
  auto* out = static_cast<PngMessage*>(png_get_error_ptr(png));
  if (out->warning[0] == '\0') std::snprintf(out->warning, sizeof out->warning, "%s", message);
}

struct MemoryReader {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t offset;
};

void read_from_memory(png_structp png, png_bytep out, png_size_t count) {
  auto* reader = static_cast<MemoryReader*>(png_get_io_ptr(png));
  if (count > reader->size - reader->offset) png_error(png, "file ends inside a chunk");
  std::memcpy(out, reader->data + reader->offset, count);
  reader->offset += count;
}

struct PngLayout {
  png_uint_32 width = 0;
  png_uint_32 height = 0;
  int channels = 0;  // after our transforms: 1 (grey) or 2 (grey + alpha)
};

// Header pass: sets the transforms that bring any PNG to 8-bit grey with
// optional alpha, and reports the resulting layout.
bool read_png_header(png_structp png, png_infop info, PngLayout* layout) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_user_limits(png, kMaxImageSide, kMaxImageSide);
  png_read_info(png, info);
  int colour = png_get_color_type(png, info);
  png_set_expand(png);
  png_set_scale_16(png);
  if (colour & PNG_COLOR_MASK_COLOR) png_set_rgb_to_gray_fixed(png, 1, -1, -1);
  png_read_update_info(png, info);
  layout->width = png_get_image_width(png, info);
  layout->height = png_get_image_height(png, info);
  layout->channels = png_get_channels(png, info);
  return true;
}

bool read_png_rows(png_structp png, png_infop info, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_image(png, rows);
  png_read_end(png, info);
  return true;
}

hal::Error png_corrupt(const PngMessage& message) {
  return hal::make_error(hal::ErrorCode::kCorrupt, std::string("PNG: ") + message.text);
}

struct GrowingBuffer {
  std::uint8_t* data = nullptr;
  std::size_t size = 0;
  std::size_t capacity = 0;
};

void write_to_memory(png_structp png, png_bytep bytes, png_size_t count) {
  auto* out = static_cast<GrowingBuffer*>(png_get_io_ptr(png));
  if (out->size + count > out->capacity) {
    std::size_t wanted = std::max(out->capacity * 2, out->size + count + 4096);
    auto* grown = static_cast<std::uint8_t*>(std::realloc(out->data, wanted));
    if (grown == nullptr) png_error(png, "out of memory");
    out->data = grown;
    out->capacity = wanted;
  }
  std::memcpy(out->data + out->size, bytes, count);
  out->size += count;
}

void flush_memory(png_structp) {}

// 8-bit samples, grey (1 channel) or RGB (3).
struct PixelRows {
  std::uint32_t width;
  std::uint32_t height;
  int channels;
  png_bytepp rows;
};

bool write_png_rows(png_structp png, png_infop info, const PixelRows& pixels) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_IHDR(png, info, pixels.width, pixels.height, 8, pixels.channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_bytepp rows = pixels.rows;
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, info);
  return true;
}

}  // namespace

hal::Result<GreyImage> decode_png(hal::ByteView bytes, PngChannel channel) {
  if (bytes.size() < 8 || png_sig_cmp(bytes.data(), 0, 8) != 0) {
    return hal::make_error(hal::ErrorCode::kCorrupt, "PNG: the PNG signature is missing");
  }
  PngMessage message;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &message, on_png_error, on_png_warning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (info == nullptr) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return hal::make_error(hal::ErrorCode::kInternal, "PNG: libpng could not start");
  }
  MemoryReader reader{bytes.data(), bytes.size(), 0};
  png_set_read_fn(png, &reader, read_from_memory);

  PngLayout layout;
  if (!read_png_header(png, info, &layout)) {
    png_destroy_read_struct(&png, &info, nullptr);
    if (std::strstr(message.warning, "exceeds user limit") != nullptr) {
      return hal::make_error(hal::ErrorCode::kUnsupported,
                             "PNG: image is larger than " + std::to_string(kMaxImageSide) + " pixels on a side");
    }
    return png_corrupt(message);
  }
  if (channel == PngChannel::kAlpha && layout.channels != 2) {
    png_destroy_read_struct(&png, &info, nullptr);
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "PNG: the image has no alpha channel to read");
  }
  std::size_t stride = std::size_t{layout.width} * layout.channels;
  // Deflate compresses at most 1032:1, so a header announcing more pixels
  // than that is forged; refusing it spares a large allocation.
  if (stride * layout.height > bytes.size() * kDeflateMaxRatio) {
    png_destroy_read_struct(&png, &info, nullptr);
    return hal::make_error(hal::ErrorCode::kCorrupt, "PNG: header announces " + std::to_string(layout.width) + "x" +
                                                         std::to_string(layout.height) +
                                                         " pixels, more than the file's data can hold");
  }
  std::vector<std::uint8_t> decoded(stride * layout.height);
  std::vector<png_bytep> rows(layout.height);
  for (png_uint_32 y = 0; y < layout.height; ++y) rows[y] = decoded.data() + y * stride;
  bool complete = read_png_rows(png, info, rows.data());
  png_destroy_read_struct(&png, &info, nullptr);
  if (!complete) return png_corrupt(message);

  GreyImage image(layout.width, layout.height);
  std::size_t pick = channel == PngChannel::kAlpha ? 1 : 0;
  for (std::size_t i = 0; i < image.size(); ++i) image.data()[i] = decoded[i * layout.channels + pick];
  return image;
}

namespace {

hal::Result<hal::Bytes> encode_png_pixels(std::uint32_t width, std::uint32_t height, int channels,
                                          const std::uint8_t* samples) {
  PngMessage message;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &message, on_png_error, on_png_warning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    return hal::make_error(hal::ErrorCode::kInternal, "PNG: libpng could not start");
  }
  GrowingBuffer out;
  png_set_write_fn(png, &out, write_to_memory, flush_memory);
  std::vector<png_bytep> rows(height);
  std::size_t stride = std::size_t{width} * std::size_t(channels);
  // libpng's row type is not const, but writing only reads through it.
  for (std::uint32_t y = 0; y < height; ++y) rows[y] = const_cast<std::uint8_t*>(samples) + y * stride;
  bool written = write_png_rows(png, info, PixelRows{width, height, channels, rows.data()});
  png_destroy_write_struct(&png, &info);
  hal::Bytes result;
  if (written) result.assign(out.data, out.data + out.size);
  std::free(out.data);
  if (!written) return hal::make_error(hal::ErrorCode::kInternal, std::string("PNG: ") + message.text);
  return result;
}

}  // namespace

hal::Result<hal::Bytes> encode_png(const GreyImage& image) {
  if (image.empty()) return hal::make_error(hal::ErrorCode::kInvalidArgument, "PNG: cannot write an empty image");
  return encode_png_pixels(image.width(), image.height(), 1, image.pixels().data());
}

hal::Result<hal::Bytes> encode_png_rgb(std::uint32_t width, std::uint32_t height, hal::ByteView rgb) {
  if (width == 0 || height == 0 || rgb.size() != std::size_t{width} * height * 3) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "PNG: " + std::to_string(rgb.size()) + " bytes are not " + std::to_string(width) + "x" +
                               std::to_string(height) + " RGB pixels");
  }
  return encode_png_pixels(width, height, 3, rgb.data());
}

}  // namespace station::biometrics
