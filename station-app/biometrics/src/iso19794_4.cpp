#include "station/biometrics/iso19794_4.hpp"

#include <map>
#include <string>

#include "byte_io.hpp"

namespace station::biometrics::iso19794_4 {

namespace {

constexpr std::size_t kGeneralHeaderSize = 32;
constexpr std::size_t kViewHeaderSize = 14;
constexpr std::uint8_t kPixelsPerInch = 1;
constexpr std::uint8_t kPixelsPerCentimetre = 2;
constexpr std::uint64_t kMaxRecordLength = 0xFFFFFFFFFFFFull;  // six bytes

hal::Error invalid(const std::string& what) {
  return hal::make_error(hal::ErrorCode::kInvalidArgument, "ISO/IEC 19794-4: " + what);
}

hal::Status check(const FingerImageRecord& record) {
  if (record.views.empty() || record.views.size() > 255) {
    return invalid(std::to_string(record.views.size()) + " finger views; a record holds 1-255");
  }
  for (std::size_t i = 0; i < record.views.size(); ++i) {
    const FingerView& v = record.views[i];
    std::string which = "view " + std::to_string(i + 1) + ": ";
    if (v.position < 0 || v.position > 15)
      return invalid(which + "finger position " + std::to_string(v.position) + " is not 0-15");
    if (v.quality < 0 || v.quality > 100)
      return invalid(which + "quality " + std::to_string(v.quality) + " is not 0-100");
    if (v.data.empty() || v.width == 0 || v.height == 0) return invalid(which + "has no image");
  }
  return {};
}

void write_u48(ByteWriter& out, std::uint64_t value) {
  out.u16(static_cast<std::uint16_t>(value >> 32));
  out.u32(static_cast<std::uint32_t>(value));
}

}  // namespace

hal::Result<hal::Bytes> encode(const FingerImageRecord& record) {
  HAL_TRY(check(record));
  std::uint64_t length = kGeneralHeaderSize;
  std::map<int, int> views_per_position;
  for (const FingerView& v : record.views) {
    length += kViewHeaderSize + v.data.size();
    ++views_per_position[v.position];
  }
  ByteWriter out;
  out.append(std::string_view("FIR\0", 4));
  out.append(std::string_view("010\0", 4));
  write_u48(out, length);
  out.u16(record.capture_device);
  out.u16(record.acquisition_level);
  out.u8(static_cast<std::uint8_t>(record.views.size()));
  out.u8(kPixelsPerInch);
  out.u16(record.scan_ppi);
  out.u16(record.scan_ppi);
  out.u16(record.image_ppi);
  out.u16(record.image_ppi);
  out.u8(record.pixel_depth);
  out.u8(static_cast<std::uint8_t>(record.compression));
  out.u16(0);  // reserved
  std::map<int, int> numbered;
  for (const FingerView& v : record.views) {
    out.u32(static_cast<std::uint32_t>(kViewHeaderSize + v.data.size()));
    out.u8(static_cast<std::uint8_t>(v.position));
    out.u8(static_cast<std::uint8_t>(views_per_position[v.position]));
    out.u8(static_cast<std::uint8_t>(++numbered[v.position]));
    out.u8(static_cast<std::uint8_t>(v.quality));
    out.u8(static_cast<std::uint8_t>(v.impression));
    out.u16(v.width);
    out.u16(v.height);
    out.u8(0);  // reserved
    out.append(hal::ByteView(v.data));
  }
  return out.take();
}

hal::Result<FingerImageRecord> parse(hal::ByteView data) {
  ByteReader in(data, "ISO/IEC 19794-4");
  hal::ByteView format = in.take(4, "format identifier");
  hal::ByteView version = in.take(4, "version");
  HAL_TRY(in.status());
  if (std::string_view(reinterpret_cast<const char*>(format.data()), 4) != std::string_view("FIR\0", 4)) {
    return in.corrupt_at(0, "format identifier is not \"FIR\\0\"");
  }
  if (std::string_view(reinterpret_cast<const char*>(version.data()), 4) != std::string_view("010\0", 4)) {
    return in.corrupt_at(4, "version is not \"010\\0\" (the 2005 edition)");
  }
  std::uint64_t length = std::uint64_t{in.u16("record length")} << 32;
  length |= in.u32("record length");
  FingerImageRecord record;
  record.capture_device = in.u16("capture device");
  record.acquisition_level = in.u16("image acquisition level");
  int view_total = in.u8("number of fingers");
  std::uint8_t units = in.u8("scale units");
  record.scan_ppi = in.u16("horizontal scan resolution");
  in.u16("vertical scan resolution");
  record.image_ppi = in.u16("horizontal image resolution");
  in.u16("vertical image resolution");
  record.pixel_depth = in.u8("pixel depth");
  record.compression = static_cast<Compression>(in.u8("compression"));
  in.u16("reserved");
  HAL_TRY(in.status());
  if (length != data.size() || length > kMaxRecordLength) {
    return in.corrupt_at(
        8, "record length " + std::to_string(length) + " but the data holds " + std::to_string(data.size()) + " bytes");
  }
  if (units != kPixelsPerInch && units != kPixelsPerCentimetre) {
    return hal::make_error(hal::ErrorCode::kUnsupported, "ISO/IEC 19794-4: scale units " + std::to_string(units) +
                                                             " are neither ppi (1) nor ppcm (2)");
  }
  if (static_cast<std::uint8_t>(record.compression) > static_cast<std::uint8_t>(Compression::kPng)) {
    return in.corrupt_at(26, "compression code " + std::to_string(int(record.compression)) + " is not 0-5");
  }
  for (int i = 0; i < view_total; ++i) {
    std::size_t at = in.offset();
    std::uint32_t block = in.u32("finger data block length");
    FingerView v;
    v.position = in.u8("finger position");
    v.view_count = in.u8("count of views");
    v.view_number = in.u8("view number");
    v.quality = in.u8("finger quality");
    v.impression = static_cast<Impression>(in.u8("impression type"));
    v.width = in.u16("horizontal line length");
    v.height = in.u16("vertical line length");
    in.u8("reserved");
    HAL_TRY(in.status());
    if (block < kViewHeaderSize || block - kViewHeaderSize > in.remaining()) {
      return in.corrupt_at(at, "view " + std::to_string(i + 1) + " claims " + std::to_string(block) + " bytes; " +
                                   std::to_string(in.remaining() + kViewHeaderSize) + " remain");
    }
    hal::ByteView image = in.take(block - kViewHeaderSize, "image");
    v.data.assign(image.begin(), image.end());
    record.views.push_back(std::move(v));
  }
  if (in.remaining() != 0) {
    return in.corrupt(std::to_string(in.remaining()) + " bytes follow the last of " + std::to_string(view_total) +
                      " views");
  }
  return record;
}

}  // namespace station::biometrics::iso19794_4
