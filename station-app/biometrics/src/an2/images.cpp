// Finding a record's image by its type's layout, and turning it into a file
// a viewer opens.
#include <cstdlib>

#include "byte_io.hpp"
#include "station/biometrics/an2_images.hpp"
#include "station/biometrics/image_io.hpp"
#include "station/biometrics/wsq.hpp"

namespace station::biometrics::an2 {

namespace {

constexpr std::size_t kBinaryImageHeader = 18;  // LEN 4, IDC, IMP, FGP 6, ISR, HLL 2, VLL 2, GCA
constexpr std::size_t kBinaryIdcEnd = 5;        // LEN 4, IDC
constexpr std::uint8_t kWsqSoi[] = {0xFF, 0xA0};

bool starts_with_wsq(hal::ByteView bytes) { return bytes.size() >= 2 && bytes[0] == kWsqSoi[0] && bytes[1] == kWsqSoi[1]; }

std::string gca_name(std::uint8_t gca) {
  if (gca == 0) return "NONE";
  if (gca == 1) return "WSQ";
  return "GCA " + std::to_string(gca);
}

// The 18-byte header of Type-3/-4, reused by many Type-7 senders.
struct BinaryHeader {
  std::uint16_t width;
  std::uint16_t height;
  std::uint8_t gca;
};

BinaryHeader binary_header(hal::ByteView record) {
  ByteReader in(record.subspan(13, 5), "ANSI/NIST");  // after LEN, IDC, IMP, FGP, ISR
  std::uint16_t width = in.u16("HLL");
  std::uint16_t height = in.u16("VLL");
  return {width, height, in.u8("GCA")};
}

// A Type-4-style header is believed when what follows it matches its GCA:
// a WSQ stream for 1, exactly HLL x VLL grey bytes for 0.
std::optional<RecordImage> type4_style(hal::ByteView record) {
  if (record.size() <= kBinaryImageHeader) return std::nullopt;
  BinaryHeader h = binary_header(record);
  hal::ByteView data = record.subspan(kBinaryImageHeader);
  bool wsq = h.gca == 1 && starts_with_wsq(data);
  bool raw = h.gca == 0 && data.size() == std::size_t{h.width} * h.height;
  if (!wsq && !raw) return std::nullopt;
  return RecordImage{gca_name(h.gca), h.width, h.height, 8, "Type-4-style header", data};
}

hal::Result<std::optional<RecordImage>> type7_image(const Record& record, const BinaryRecord& binary) {
  if (auto image = type4_style(binary.bytes)) return image;
  hal::ByteView after_idc = hal::ByteView(binary.bytes).subspan(std::min(binary.bytes.size(), kBinaryIdcEnd));
  if (starts_with_wsq(after_idc)) return std::optional(RecordImage{"WSQ", 0, 0, 8, "WSQ stream after the IDC", after_idc});
  return hal::make_error(hal::ErrorCode::kUnsupported,
                         "Type-7 record at offset " + std::to_string(record.offset) +
                             ": its user-defined layout is neither the 18-byte Type-4 header (with a WSQ stream or "
                             "HLL x VLL grey bytes after it) nor a WSQ stream after the IDC");
}

hal::Result<std::optional<RecordImage>> binary_image(const Record& record, const BinaryRecord& binary) {
  if (record.type == 7) return type7_image(record, binary);
  if (record.type == 3) {
    // Type-3 (low-resolution grey) shares Type-4's header.
    if (auto image = type4_style(binary.bytes)) return image;
  }
  return hal::make_error(hal::ErrorCode::kUnsupported,
                         "Type-" + std::to_string(record.type) + " record at offset " +
                             std::to_string(record.offset) +
                             (record.type == 3 ? ": its header does not match its image data"
                                               : ": bi-level (1-bit) images are not decoded here"));
}

bool holds_tagged_image(int type) { return type == 10 || type == 13 || type == 14 || type == 15 || type == 17; }

std::uint32_t number_in(const TaggedRecord& record, int field) {
  return static_cast<std::uint32_t>(std::strtoul(record.text(field).c_str(), nullptr, 10));
}

// HLL 6, VLL 7 and CGA 11 in every image record; BPX is 12 in Types 13-17
// (Type-10 has none: its 10.012 is the colour space).
std::optional<RecordImage> tagged_image(const Record& record, const TaggedRecord& tagged) {
  const Field* data = tagged.find(999);
  if (data == nullptr || !holds_tagged_image(record.type)) return std::nullopt;
  std::string cga = tagged.text(11);
  std::string compression = cga == "WSQ20" || cga == "WSQ" ? "WSQ" : cga;
  int bpx = record.type == 10 ? 0 : int(number_in(tagged, 12));
  return RecordImage{compression,
                     number_in(tagged, 6),
                     number_in(tagged, 7),
                     bpx,
                     "tagged fields",
                     hal::ByteView(reinterpret_cast<const std::uint8_t*>(data->value.data()), data->value.size())};
}

hal::Result<SavedImage> as_png(hal::Result<hal::Bytes> png) {
  if (!png) return png.error();
  return SavedImage{".png", std::move(*png)};
}

hal::Result<SavedImage> uncompressed(const RecordImage& image) {
  std::size_t pixels = std::size_t{image.width} * image.height;
  bool grey = pixels > 0 && image.data.size() == pixels && (image.bits_per_pixel == 0 || image.bits_per_pixel == 8);
  bool rgb = pixels > 0 && image.data.size() == pixels * 3 && (image.bits_per_pixel == 0 || image.bits_per_pixel == 24);
  if (rgb) return as_png(encode_png_rgb(image.width, image.height, image.data));
  if (!grey) {
    return hal::make_error(hal::ErrorCode::kUnsupported,
                           "uncompressed image of " + std::to_string(image.data.size()) + " bytes is neither 8-bit grey nor 24-bit RGB at " +
                               std::to_string(image.width) + "x" + std::to_string(image.height) +
                               (image.bits_per_pixel ? " and " + std::to_string(image.bits_per_pixel) + " bits per pixel"
                                                     : std::string()));
  }
  auto grey_image = GreyImage::from_pixels(image.width, image.height, hal::Bytes(image.data.begin(), image.data.end()));
  if (!grey_image) return grey_image.error();
  return as_png(encode_png(*grey_image));
}

std::string kept_extension(const std::string& compression) {
  if (compression == "JPEGB" || compression == "JPEGL") return ".jpg";
  if (compression == "JP2" || compression == "JP2L") return ".jp2";
  if (compression == "PNG") return ".png";
  return ".bin";
}

}  // namespace

hal::Result<std::optional<RecordImage>> image_of(const Record& record) {
  if (const auto* t4 = std::get_if<Type4Record>(&record.body)) {
    return std::optional(RecordImage{gca_name(t4->compression), t4->width, t4->height, 8, "Type-4 header", t4->image});
  }
  if (const auto* binary = std::get_if<BinaryRecord>(&record.body)) return binary_image(record, *binary);
  return tagged_image(record, std::get<TaggedRecord>(record.body));
}

hal::Result<SavedImage> saved_form(const RecordImage& image) {
  if (image.compression == "WSQ") {
    auto decoded = wsq::decode(image.data);
    if (!decoded) return decoded.error();
    return as_png(encode_png(decoded->image));
  }
  if (image.compression == "NONE") return uncompressed(image);
  return SavedImage{kept_extension(image.compression), hal::Bytes(image.data.begin(), image.data.end())};
}

}  // namespace station::biometrics::an2
