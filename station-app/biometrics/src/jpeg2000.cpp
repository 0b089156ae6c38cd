#include "station/biometrics/jpeg2000.hpp"

#include <openjpeg.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>

namespace station::biometrics {

namespace {

// A growable buffer as an OpenJPEG stream: the JP2 writer seeks back to fill
// in box lengths, so writes land at the position, not the end.
struct MemoryStream {
  hal::Bytes bytes;
  std::size_t position = 0;
};

OPJ_SIZE_T write_fn(void* buffer, OPJ_SIZE_T count, void* user) {
  auto* m = static_cast<MemoryStream*>(user);
  if (m->position + count > m->bytes.size()) m->bytes.resize(m->position + count);
  std::memcpy(m->bytes.data() + m->position, buffer, count);
  m->position += count;
  return count;
}

OPJ_SIZE_T read_fn(void* buffer, OPJ_SIZE_T count, void* user) {
  auto* m = static_cast<MemoryStream*>(user);
  if (m->position >= m->bytes.size()) return static_cast<OPJ_SIZE_T>(-1);
  const std::size_t n = std::min<std::size_t>(count, m->bytes.size() - m->position);
  std::memcpy(buffer, m->bytes.data() + m->position, n);
  m->position += n;
  return n;
}

OPJ_OFF_T skip_fn(OPJ_OFF_T count, void* user) {
  auto* m = static_cast<MemoryStream*>(user);
  if (count < 0 && static_cast<std::size_t>(-count) > m->position) return -1;
  m->position = static_cast<std::size_t>(static_cast<OPJ_OFF_T>(m->position) + count);
  return count;
}

OPJ_BOOL seek_fn(OPJ_OFF_T to, void* user) {
  auto* m = static_cast<MemoryStream*>(user);
  if (to < 0) return OPJ_FALSE;
  m->position = static_cast<std::size_t>(to);
  return OPJ_TRUE;
}

struct CodecDeleter {
  void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
  void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
  void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};
using Codec = std::unique_ptr<opj_codec_t, CodecDeleter>;
using Stream = std::unique_ptr<opj_stream_t, StreamDeleter>;
using Image = std::unique_ptr<opj_image_t, ImageDeleter>;

void keep_message(const char* message, void* user) {
  auto* last = static_cast<std::string*>(user);
  *last = message;
  while (!last->empty() && last->back() == '\n') last->pop_back();
}

Stream memory_stream(MemoryStream& memory, bool input) {
  Stream stream(opj_stream_create(64 * 1024, input ? OPJ_TRUE : OPJ_FALSE));
  if (!stream) return stream;
  opj_stream_set_user_data(stream.get(), &memory, nullptr);
  if (input) {
    opj_stream_set_read_function(stream.get(), read_fn);
    opj_stream_set_user_data_length(stream.get(), memory.bytes.size());
  } else {
    opj_stream_set_write_function(stream.get(), write_fn);
  }
  opj_stream_set_skip_function(stream.get(), skip_fn);
  opj_stream_set_seek_function(stream.get(), seek_fn);
  return stream;
}

Image to_opj_image(const RawImage& raw) {
  opj_image_cmptparm_t params[3];
  std::memset(params, 0, sizeof params);
  for (std::uint32_t c = 0; c < raw.channels; ++c) {
    params[c].dx = params[c].dy = 1;
    params[c].w = raw.width;
    params[c].h = raw.height;
    params[c].prec = 8;
    params[c].sgnd = 0;
  }
  Image image(opj_image_create(raw.channels, params, raw.channels == 1 ? OPJ_CLRSPC_GRAY : OPJ_CLRSPC_SRGB));
  if (!image) return image;
  image->x1 = raw.width;
  image->y1 = raw.height;
  const std::size_t pixels = static_cast<std::size_t>(raw.width) * raw.height;
  for (std::uint32_t c = 0; c < raw.channels; ++c)
    for (std::size_t i = 0; i < pixels; ++i) image->comps[c].data[i] = raw.pixels[i * raw.channels + c];
  return image;
}

hal::Error internal(const std::string& step, const std::string& detail) {
  return hal::make_error(hal::ErrorCode::kInternal,
                         "JPEG 2000 encoding failed at " + step + (detail.empty() ? "" : ": " + detail));
}

hal::Error corrupt(const std::string& why) {
  return hal::make_error(hal::ErrorCode::kCorrupt, "JPEG 2000 image: " + why);
}

// Resolution levels the image can take: each halves it, down to a few pixels.
int resolutions_for(const RawImage& raw) {
  const std::uint32_t side = std::min(raw.width, raw.height);
  int levels = 1;
  while (levels < 6 && (side >> levels) >= 4) ++levels;
  return levels;
}

bool is_jp2(hal::ByteView data) {
  static const std::uint8_t kSignature[] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20};
  return data.size() >= sizeof kSignature && std::equal(std::begin(kSignature), std::end(kSignature), data.begin());
}

bool is_j2k(hal::ByteView data) { return data.size() >= 4 && data[0] == 0xFF && data[1] == 0x4F && data[2] == 0xFF; }

hal::Result<RawImage> from_opj_image(const opj_image_t& image) {
  if (image.numcomps != 1 && image.numcomps != 3) {
    return corrupt(std::to_string(image.numcomps) + " components; only grey or RGB are taken");
  }
  RawImage raw;
  raw.channels = image.numcomps;
  raw.width = image.comps[0].w;
  raw.height = image.comps[0].h;
  for (std::uint32_t c = 0; c < image.numcomps; ++c) {
    const opj_image_comp_t& comp = image.comps[c];
    if (comp.w != raw.width || comp.h != raw.height || comp.dx != 1 || comp.dy != 1 || comp.prec != 8 || comp.sgnd ||
        !comp.data) {
      return corrupt("component " + std::to_string(c) + " is not an unsigned 8-bit plane of the full image");
    }
  }
  const std::size_t pixels = static_cast<std::size_t>(raw.width) * raw.height;
  raw.pixels.resize(pixels * raw.channels);
  for (std::uint32_t c = 0; c < raw.channels; ++c)
    for (std::size_t i = 0; i < pixels; ++i)
      raw.pixels[i * raw.channels + c] = static_cast<std::uint8_t>(std::clamp(image.comps[c].data[i], 0, 255));
  return raw;
}

}  // namespace

hal::Result<hal::Bytes> encode_jpeg2000(const RawImage& raw, std::size_t target_bytes) {
  if (raw.empty() || (raw.channels != 1 && raw.channels != 3) ||
      raw.pixels.size() != static_cast<std::size_t>(raw.width) * raw.height * raw.channels) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "JPEG 2000: the image must be 8-bit grey or RGB");
  }
  if (target_bytes < 512) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "JPEG 2000: a target under 512 bytes leaves no face");
  }
  opj_cparameters_t parameters;
  opj_set_default_encoder_parameters(&parameters);
  parameters.tcp_numlayers = 1;
  parameters.cp_disto_alloc = 1;
  parameters.irreversible = 1;
  parameters.numresolution = resolutions_for(raw);
  // The ratio of raw to coded size; max_cs_size caps the codestream whatever
  // the rate allocation makes of it.
  parameters.tcp_rates[0] =
      std::max(1.0f, static_cast<float>(raw.pixels.size()) / static_cast<float>(target_bytes));
  parameters.max_cs_size = static_cast<int>(target_bytes);
  parameters.tcp_mct = raw.channels == 3 ? 1 : 0;

  std::string last_error;
  Codec codec(opj_create_compress(OPJ_CODEC_JP2));
  Image image = to_opj_image(raw);
  if (!codec || !image) return internal("setup", "out of memory");
  opj_set_error_handler(codec.get(), keep_message, &last_error);
  if (!opj_setup_encoder(codec.get(), &parameters, image.get())) return internal("setup", last_error);
  MemoryStream memory;
  Stream stream = memory_stream(memory, false);
  if (!stream) return internal("stream", "out of memory");
  if (!opj_start_compress(codec.get(), image.get(), stream.get()) || !opj_encode(codec.get(), stream.get()) ||
      !opj_end_compress(codec.get(), stream.get())) {
    return internal("compression", last_error);
  }
  return std::move(memory.bytes);
}

hal::Result<RawImage> decode_jpeg2000(hal::ByteView data) {
  const bool jp2 = is_jp2(data);
  if (!jp2 && !is_j2k(data)) return corrupt("neither a JP2 file nor a J2K codestream");
  std::string last_error;
  Codec codec(opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
  if (!codec) return corrupt("decoder unavailable");
  opj_set_error_handler(codec.get(), keep_message, &last_error);
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  if (!opj_setup_decoder(codec.get(), &parameters)) return corrupt("decoder setup: " + last_error);
  opj_decoder_set_strict_mode(codec.get(), OPJ_TRUE);
  MemoryStream memory{hal::Bytes(data.begin(), data.end()), 0};
  Stream stream = memory_stream(memory, true);
  opj_image_t* header = nullptr;
  if (!stream || !opj_read_header(stream.get(), codec.get(), &header)) return corrupt("bad header: " + last_error);
  Image image(header);
  if (image->x1 - image->x0 > kMaxFaceSide || image->y1 - image->y0 > kMaxFaceSide || image->numcomps > 3) {
    return corrupt("image larger than " + std::to_string(kMaxFaceSide) + " pixels a side or with over 3 components");
  }
  if (!opj_decode(codec.get(), stream.get(), image.get()) || !opj_end_decompress(codec.get(), stream.get())) {
    return corrupt("cannot decode: " + last_error);
  }
  return from_opj_image(*image);
}

}  // namespace station::biometrics
