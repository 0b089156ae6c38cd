#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "byte_io.hpp"
#include "station/biometrics/iso19794_2.hpp"

namespace station::biometrics::iso19794_2 {

namespace {

using std::numbers::pi;

constexpr std::string_view kMagic{"FMR\0 20\0", 8};
constexpr std::size_t kHeaderBytes = 24;
constexpr std::size_t kViewHeaderBytes = 4;
constexpr std::size_t kMinutiaBytes = 6;
constexpr std::uint32_t kMaxCoordinate = 0x3FFF;  // 14 bits

bool known_impression(int type) { return (type >= 0 && type <= 3) || type == 8 || type == 9; }

std::string where(std::size_t view, std::size_t minutia) {
  return "view " + std::to_string(view + 1) + ", minutia " + std::to_string(minutia + 1);
}

hal::Error bad(const std::string& what) {
  return hal::make_error(hal::ErrorCode::kInvalidArgument, "ISO/IEC 19794-2 record: " + what);
}

hal::Status check_header(const FingerMinutiaeRecord& r) {
  if (r.compliance < 0 || r.compliance > 15) return bad("device compliance must fit 4 bits, not " + std::to_string(r.compliance));
  if (r.equipment_id < 0 || r.equipment_id > 0xFFF) return bad("equipment id must fit 12 bits, not " + std::to_string(r.equipment_id));
  if (r.width == 0 || r.height == 0 || r.width > kMaxCoordinate || r.height > kMaxCoordinate) {
    return bad("image size " + std::to_string(r.width) + " x " + std::to_string(r.height) + " is outside 1..16383");
  }
  if (r.x_resolution == 0 || r.y_resolution == 0 || r.x_resolution > 0xFFFF || r.y_resolution > 0xFFFF) {
    return bad("resolution must be 1..65535 px per cm");
  }
  if (r.views.size() > RecordLimits{}.max_views) {
    return bad(std::to_string(r.views.size()) + " views, more than " + std::to_string(RecordLimits{}.max_views));
  }
  return {};
}

hal::Status check_view(const FingerMinutiaeRecord& r, const FingerMinutiaeView& v, std::size_t index) {
  std::string name = "view " + std::to_string(index + 1);
  if (v.position < 0 || v.position > 10) return bad(name + ": finger position " + std::to_string(v.position) + " is outside 0..10");
  if (v.view < 0 || v.view > 15) return bad(name + ": view number " + std::to_string(v.view) + " is outside 0..15");
  if (!known_impression(v.impression)) return bad(name + ": impression type " + std::to_string(v.impression) + " is not 0..3, 8 or 9");
  if (v.quality < 0 || v.quality > 100) return bad(name + ": quality " + std::to_string(v.quality) + " is outside 0..100");
  if (v.minutiae.size() > 255) return bad(name + ": " + std::to_string(v.minutiae.size()) + " minutiae, at most 255 fit");
  if (v.extended.size() > RecordLimits{}.max_extended) return bad(name + ": extended data over the limit");
  for (std::size_t i = 0; i < v.minutiae.size(); ++i) {
    const Minutia& m = v.minutiae[i];
    if (m.x < 0 || m.y < 0 || std::uint32_t(m.x) >= r.width || std::uint32_t(m.y) >= r.height) {
      return bad(where(index, i) + " at (" + std::to_string(m.x) + ", " + std::to_string(m.y) + ") lies outside the image");
    }
    if (m.quality < 0 || m.quality > 100) return bad(where(index, i) + ": quality must be 0..100");
    if (!std::isfinite(m.angle)) return bad(where(index, i) + ": the angle is not a number");
  }
  return {};
}

std::uint8_t angle_units(double radians) {
  double units = std::fmod(std::round(radians / (2 * pi) * 256), 256.0);
  return static_cast<std::uint8_t>(units < 0 ? units + 256 : units);
}

void write_view(ByteWriter& out, const FingerMinutiaeView& v) {
  out.u8(static_cast<std::uint8_t>(v.position));
  out.u8(static_cast<std::uint8_t>(v.view << 4 | v.impression));
  out.u8(static_cast<std::uint8_t>(v.quality));
  out.u8(static_cast<std::uint8_t>(v.minutiae.size()));
  for (const Minutia& m : v.minutiae) {
    out.u16(static_cast<std::uint16_t>(static_cast<unsigned>(m.type) << 14 | unsigned(m.x)));
    out.u16(static_cast<std::uint16_t>(m.y));
    out.u8(angle_units(m.angle));
    out.u8(static_cast<std::uint8_t>(m.quality));
  }
  out.u16(static_cast<std::uint16_t>(v.extended.size()));
  out.append(v.extended);
}

}  // namespace

hal::Result<hal::Bytes> encode(const FingerMinutiaeRecord& record) {
  HAL_TRY(check_header(record));
  std::size_t length = kHeaderBytes;
  for (std::size_t i = 0; i < record.views.size(); ++i) {
    HAL_TRY(check_view(record, record.views[i], i));
    length += kViewHeaderBytes + kMinutiaBytes * record.views[i].minutiae.size() + 2 + record.views[i].extended.size();
  }
  ByteWriter out;
  out.append(kMagic);
  out.u32(static_cast<std::uint32_t>(length));
  out.u16(static_cast<std::uint16_t>(record.compliance << 12 | record.equipment_id));
  out.u16(static_cast<std::uint16_t>(record.width));
  out.u16(static_cast<std::uint16_t>(record.height));
  out.u16(static_cast<std::uint16_t>(record.x_resolution));
  out.u16(static_cast<std::uint16_t>(record.y_resolution));
  out.u8(static_cast<std::uint8_t>(record.views.size()));
  out.u8(0);  // reserved
  for (const auto& view : record.views) write_view(out, view);
  return out.take();
}

namespace {

hal::Status read_header(ByteReader& in, hal::ByteView data, FingerMinutiaeRecord& r, std::size_t& views) {
  hal::ByteView magic = in.take(kMagic.size(), "format identifier and version");
  HAL_TRY(in.status());
  if (!std::equal(magic.begin(), magic.begin() + 4, kMagic.begin())) return in.corrupt_at(0, "not a finger minutiae record (no 'FMR\\0')");
  if (!std::equal(magic.begin() + 4, magic.end(), kMagic.begin() + 4)) return in.corrupt_at(4, "version is not ' 20' (ISO/IEC 19794-2:2005)");
  std::uint32_t length = in.u32("record length");
  std::uint16_t equipment = in.u16("capture equipment");
  r.compliance = equipment >> 12;
  r.equipment_id = equipment & 0xFFF;
  r.width = in.u16("image width");
  r.height = in.u16("image height");
  r.x_resolution = in.u16("x resolution");
  r.y_resolution = in.u16("y resolution");
  views = in.u8("number of finger views");
  std::uint8_t reserved = in.u8("reserved byte");
  HAL_TRY(in.status());
  if (length != data.size()) {
    return in.corrupt_at(8, "record length " + std::to_string(length) + " is not the data's " + std::to_string(data.size()) + " bytes");
  }
  if (reserved != 0) return in.corrupt_at(23, "the reserved byte is not 0");
  if (r.width == 0 || r.height == 0 || r.width > kMaxCoordinate || r.height > kMaxCoordinate) {
    return in.corrupt_at(14, "image size " + std::to_string(r.width) + " x " + std::to_string(r.height) + " is outside 1..16383");
  }
  if (r.x_resolution == 0 || r.y_resolution == 0) return in.corrupt_at(18, "a resolution of 0 px per cm");
  return {};
}

hal::Result<Minutia> read_minutia(ByteReader& in, const FingerMinutiaeRecord& r, std::size_t view, std::size_t index) {
  std::size_t at = in.offset();
  std::uint16_t type_x = in.u16("minutia type and x");
  std::uint16_t y = in.u16("minutia y");
  std::uint8_t angle = in.u8("minutia angle");
  std::uint8_t quality = in.u8("minutia quality");
  HAL_TRY(in.status());
  unsigned type = type_x >> 14;
  if (type == 3) return in.corrupt_at(at, where(view, index) + ": type code 11 is reserved");
  if ((y >> 14) != 0) return in.corrupt_at(at + 2, where(view, index) + ": the reserved bits above y are set");
  Minutia m{type_x & 0x3FFF, y & 0x3FFF, angle * (2 * pi / 256), static_cast<MinutiaType>(type), quality};
  if (std::uint32_t(m.x) >= r.width || std::uint32_t(m.y) >= r.height) {
    return in.corrupt_at(at, where(view, index) + " at (" + std::to_string(m.x) + ", " + std::to_string(m.y) +
                                 ") lies outside the " + std::to_string(r.width) + " x " + std::to_string(r.height) + " image");
  }
  if (quality > 100) return in.corrupt_at(at + 5, where(view, index) + ": quality " + std::to_string(quality) + " is over 100");
  return m;
}

hal::Result<FingerMinutiaeView> read_view(ByteReader& in, const FingerMinutiaeRecord& r, std::size_t index,
                                          const RecordLimits& limits) {
  std::size_t at = in.offset();
  FingerMinutiaeView v;
  v.position = in.u8("finger position");
  std::uint8_t view_impression = in.u8("view number and impression type");
  v.view = view_impression >> 4;
  v.impression = view_impression & 0xF;
  v.quality = in.u8("finger quality");
  std::size_t count = in.u8("number of minutiae");
  HAL_TRY(in.status());
  std::string name = "view " + std::to_string(index + 1);
  if (v.position > 10) return in.corrupt_at(at, name + ": finger position " + std::to_string(v.position) + " is outside 0..10");
  if (!known_impression(v.impression)) return in.corrupt_at(at + 1, name + ": impression type " + std::to_string(v.impression) + " is unknown");
  if (v.quality > 100) return in.corrupt_at(at + 2, name + ": finger quality " + std::to_string(v.quality) + " is over 100");
  if (in.remaining() < count * kMinutiaBytes) return in.corrupt(name + ": " + std::to_string(count) + " minutiae run past the end");
  for (std::size_t i = 0; i < count; ++i) {
    auto m = read_minutia(in, r, index, i);
    if (!m) return m.error();
    v.minutiae.push_back(*m);
  }
  std::size_t extended = in.u16("extended data block length");
  HAL_TRY(in.status());
  if (extended > limits.max_extended) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "ISO/IEC 19794-2 record: " + name + " has " + std::to_string(extended) +
                                                                 " bytes of extended data, more than the " + std::to_string(limits.max_extended) + " allowed");
  }
  hal::ByteView block = in.take(extended, "extended data");
  HAL_TRY(in.status());
  v.extended.assign(block.begin(), block.end());
  return v;
}

}  // namespace

hal::Result<FingerMinutiaeRecord> parse(hal::ByteView data, const RecordLimits& limits) {
  if (data.size() > limits.max_bytes) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "ISO/IEC 19794-2 record: " + std::to_string(data.size()) +
                                                                 " bytes, more than the " + std::to_string(limits.max_bytes) + " allowed");
  }
  ByteReader in(data, "ISO/IEC 19794-2 record");
  FingerMinutiaeRecord record;
  std::size_t views = 0;
  HAL_TRY(read_header(in, data, record, views));
  if (views > limits.max_views) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "ISO/IEC 19794-2 record: " + std::to_string(views) +
                                                                 " finger views, more than the " + std::to_string(limits.max_views) + " allowed");
  }
  for (std::size_t i = 0; i < views; ++i) {
    auto view = read_view(in, record, i, limits);
    if (!view) return view.error();
    record.views.push_back(std::move(view).value());
  }
  if (in.remaining() != 0) return in.corrupt(std::to_string(in.remaining()) + " bytes after the last finger view");
  return record;
}

}  // namespace station::biometrics::iso19794_2
