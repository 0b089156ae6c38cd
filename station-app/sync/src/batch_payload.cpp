#include "batch_payload.hpp"

#include <cstdint>

namespace station::sync::payload {

namespace {

enum Major : std::uint8_t { kUnsigned = 0, kByteString = 2, kTextString = 3, kArray = 4, kMap = 5 };

// RFC 8949 section 3: the argument in the fewest bytes.
void put_head(hal::Bytes& out, Major major, std::uint64_t value) {
  const std::uint8_t type = static_cast<std::uint8_t>(major << 5);
  if (value < 24) {
    out.push_back(static_cast<std::uint8_t>(type | value));
    return;
  }
  const int bytes = value <= 0xFF ? 1 : value <= 0xFFFF ? 2 : value <= 0xFFFFFFFFu ? 4 : 8;
  out.push_back(static_cast<std::uint8_t>(type | (bytes == 1 ? 24 : bytes == 2 ? 25 : bytes == 4 ? 26 : 27)));
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

void put_text(hal::Bytes& out, const std::string& text) {
  put_head(out, kTextString, text.size());
  out.insert(out.end(), text.begin(), text.end());
}

}  // namespace

hal::Bytes opening(std::size_t dossiers) {
  hal::Bytes out;
  put_head(out, kMap, 3);
  put_text(out, "dossiers");
  put_head(out, kArray, dossiers);
  return out;
}

hal::Bytes record_opening(std::size_t record_size) {
  hal::Bytes out;
  put_head(out, kMap, 2);
  put_text(out, "an2");
  put_head(out, kByteString, record_size);
  return out;
}

hal::Bytes record_closing(const std::string& id) {
  hal::Bytes out;
  put_text(out, "id");
  put_text(out, id);
  return out;
}

hal::Bytes closing(const std::string& manifest_text) {
  hal::Bytes out;
  put_text(out, "manifest");
  put_text(out, manifest_text);
  put_text(out, "v");
  put_head(out, kUnsigned, kVersion);
  return out;
}

std::size_t closing_size(std::size_t manifest_size) { return closing(std::string(manifest_size, ' ')).size(); }

}  // namespace station::sync::payload
