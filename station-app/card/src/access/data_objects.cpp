#include "station/card/access/data_objects.hpp"

#include <string>

namespace station::card::access {

namespace {

hal::Error malformed(std::string_view what, std::size_t offset, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kProtocol,
                         std::string(what) + " is malformed at byte " + std::to_string(offset) + ": " + why);
}

}  // namespace

std::string tag_name(std::uint16_t tag) {
  return hal::to_hex(tag > 0xFF ? hal::Bytes{static_cast<std::uint8_t>(tag >> 8), static_cast<std::uint8_t>(tag)}
                                : hal::Bytes{static_cast<std::uint8_t>(tag)});
}

hal::Result<std::vector<DataObject>> read_data_objects(hal::ByteView data, std::string_view what) {
  std::vector<DataObject> objects;
  std::size_t at = 0;
  while (at < data.size()) {
    const std::size_t start = at;
    std::uint16_t tag = data[at++];
    if ((tag & 0x1F) == 0x1F) {
      if (at >= data.size()) return malformed(what, start, "a two-byte tag is cut off");
      if (data[at] & 0x80) return malformed(what, start, "tags longer than two bytes are not used here");
      tag = static_cast<std::uint16_t>(tag << 8 | data[at++]);
    }
    if (at >= data.size()) return malformed(what, start, "tag " + tag_name(tag) + " has no length");
    std::size_t length = data[at++];
    if (length == 0x80) return malformed(what, start, "indefinite length is not allowed");
    if (length > 0x80) {
      const std::size_t count = length & 0x7F;
      if (count > 2) return malformed(what, start, "a length of " + std::to_string(count) + " bytes is too long");
      if (data.size() - at < count) return malformed(what, start, "the length of tag " + tag_name(tag) + " is cut off");
      length = 0;
      for (std::size_t i = 0; i < count; ++i) length = length << 8 | data[at++];
    }
    if (data.size() - at < length)
      return malformed(what, start,
                       "tag " + tag_name(tag) + " announces " + std::to_string(length) + " bytes, only " +
                           std::to_string(data.size() - at) + " follow");
    objects.push_back({tag, data.subspan(at, length), data.subspan(start, at - start + length)});
    at += length;
  }
  return objects;
}

const DataObject* find_object(const std::vector<DataObject>& objects, std::uint16_t tag) {
  for (const auto& object : objects) {
    if (object.tag == tag) return &object;
  }
  return nullptr;
}

void append_object(hal::Bytes& out, std::uint16_t tag, hal::ByteView value) {
  if (tag > 0xFF) out.push_back(static_cast<std::uint8_t>(tag >> 8));
  out.push_back(static_cast<std::uint8_t>(tag));
  const std::size_t length = value.size();
  if (length >= 0x100) {
    out.insert(out.end(), {0x82, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)});
  } else if (length >= 0x80) {
    out.insert(out.end(), {0x81, static_cast<std::uint8_t>(length)});
  } else {
    out.push_back(static_cast<std::uint8_t>(length));
  }
  out.insert(out.end(), value.begin(), value.end());
}

hal::Bytes encode_object(std::uint16_t tag, hal::ByteView value) {
  hal::Bytes out;
  append_object(out, tag, value);
  return out;
}

}  // namespace station::card::access
