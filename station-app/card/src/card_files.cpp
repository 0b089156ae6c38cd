#include "station/card/card_files.hpp"

#include <algorithm>

#include "station/card/lds_files.hpp"
#include "station/card/status_words.hpp"
#include "station/cms/tlv.hpp"
#include "station/card/transfer_plan.hpp"

namespace station::card {

// The card's files are TLV and DER, EF.SOD a CMS SignedData: the cms room's.
using namespace cms;

namespace {

constexpr std::uint8_t kInsSelect = 0xA4;
constexpr std::uint8_t kInsCreateFile = 0xE0;
constexpr std::uint8_t kInsUpdateBinary = 0xD6;
constexpr std::uint8_t kInsUpdateBinaryOdd = 0xD7;
constexpr std::uint8_t kInsReadBinary = 0xB0;
constexpr std::uint8_t kInsReadBinaryOdd = 0xB1;
constexpr std::uint8_t kInsPutData = 0xDA;
constexpr std::uint8_t kInsGetData = 0xCA;
constexpr std::uint8_t kChaining = 0x10;
constexpr std::uint16_t kFileExists = 0x6A89;
constexpr std::uint16_t kFileNotFound = 0x6A82;
constexpr std::uint16_t kEndOfFile = 0x6282;

hal::Bytes two_bytes(std::size_t v) { return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)}; }

std::string with_fid(const std::string& name, std::uint16_t fid) {
  char text[8];
  std::snprintf(text, sizeof text, "%04X", fid);
  return name + " (" + text + ")";
}

hal::Bytes offset_object(std::size_t offset) {
  hal::Bytes value;
  for (std::size_t v = offset; v > 0 || value.empty(); v >>= 8) value.insert(value.begin(), static_cast<std::uint8_t>(v));
  return encode_tlv(0x54, value);
}

// The size of the TLV that `start` begins, from its tag and length alone.
hal::Result<std::size_t> read_tlv_header(hal::ByteView start, const std::string& name) {
  std::size_t at = 1;
  if (!start.empty() && (start[0] & 0x1F) == 0x1F) {
    while (at < start.size() && (start[at] & 0x80)) ++at;
    ++at;
  }
  if (at >= start.size()) return hal::make_error(hal::ErrorCode::kCorrupt, name + ": file does not start with a TLV");
  std::size_t length = start[at];
  std::size_t header = at + 1;
  if (length & 0x80) {
    const std::size_t count = length & 0x7F;
    if (count == 0 || count > 3 || header + count > start.size()) {
      return hal::make_error(hal::ErrorCode::kCorrupt, name + ": the file's outer length is malformed");
    }
    length = 0;
    for (std::size_t i = 0; i < count; ++i) length = length << 8 | start[header + i];
    header += count;
  }
  return header + length;
}

std::uint8_t hi(std::size_t offset) { return static_cast<std::uint8_t>(offset >> 8); }
std::uint8_t lo(std::size_t offset) { return static_cast<std::uint8_t>(offset); }

}  // namespace

hal::Error card_refused(std::uint16_t sw, const std::string& what) {
  return hal::make_error(hal::ErrorCode::kCardStatus, "card answered " + describe_status(sw) + " to " + what);
}

CardFiles::CardFiles(hal::CardTerminal& terminal) : terminal_(terminal) {}

hal::Status CardFiles::refresh_capabilities() {
  auto caps = terminal_.capabilities();
  if (!caps) return caps.error();
  caps_ = *caps;
  return {};
}

hal::Result<hal::ResponseApdu> CardFiles::send(const hal::CommandApdu& command) { return terminal_.transmit(command); }

hal::Result<hal::ResponseApdu> CardFiles::expect_ok(const hal::CommandApdu& command, const std::string& what) {
  auto response = send(command);
  if (!response) {
    return hal::make_error(response.error().code, response.error().message + " (during " + what + ")");
  }
  if (!response->ok()) return card_refused(response->sw, what);
  return response;
}

hal::Status CardFiles::select_master_file() {
  HAL_TRY(expect_ok({0x00, kInsSelect, 0x00, 0x0C, {0x3F, 0x00}, std::nullopt}, "SELECT MF"));
  return {};
}

hal::Status CardFiles::select_application() {
  HAL_TRY(expect_ok({0x00, kInsSelect, 0x04, 0x0C, kEmrtdAid, std::nullopt}, "SELECT eMRTD application"));
  return {};
}

hal::Result<CreateOutcome> CardFiles::create(std::uint16_t fid, std::size_t size, const std::string& name) {
  if (size == 0 || size > kMaxFileSize) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           name + ": a file of " + std::to_string(size) + " bytes cannot be created");
  }
  hal::Bytes fcp_body = encode_tlv(0x80, two_bytes(size));
  const hal::Bytes descriptor = encode_tlv(0x82, hal::Bytes{0x01});
  const hal::Bytes id = encode_tlv(0x83, two_bytes(fid));
  fcp_body.insert(fcp_body.end(), descriptor.begin(), descriptor.end());
  fcp_body.insert(fcp_body.end(), id.begin(), id.end());
  const std::string what = "CREATE FILE " + with_fid(name, fid) + " of " + std::to_string(size) + " bytes";
  auto response = send({0x00, kInsCreateFile, 0x00, 0x00, encode_tlv(0x62, fcp_body), std::nullopt});
  if (!response) return hal::make_error(response.error().code, response.error().message + " (during " + what + ")");
  if (response->sw == kFileExists) return CreateOutcome::kAlreadyThere;
  if (!response->ok()) return card_refused(response->sw, what);
  return CreateOutcome::kCreated;
}

hal::Result<std::size_t> CardFiles::select(std::uint16_t fid, const std::string& name) {
  const std::string what = "SELECT " + with_fid(name, fid);
  auto response = send({0x00, kInsSelect, 0x02, 0x04, two_bytes(fid), std::min(hal::kShortMaxLe, caps_.max_response_data)});
  if (!response) return hal::make_error(response.error().code, response.error().message + " (during " + what + ")");
  if (response->sw == kFileNotFound) return hal::make_error(hal::ErrorCode::kNotFound, "card has no " + with_fid(name, fid));
  if (!response->ok()) return card_refused(response->sw, what);
  auto fcp = read_tlv(response->data, LengthRule::kBer, "FCP of " + name);
  if (!fcp || fcp->tag != 0x62) {
    return hal::make_error(hal::ErrorCode::kProtocol, "card answered " + what + " without an FCP template");
  }
  TlvReader fields(fcp->value, "FCP of " + name, LengthRule::kBer);
  while (!fields.at_end()) {
    auto field = fields.next();
    if (!field) return hal::make_error(hal::ErrorCode::kProtocol, field.error().message);
    if (field->tag == 0x80 && !field->value.empty() && field->value.size() <= 3) {
      std::size_t size = 0;
      for (std::uint8_t b : field->value) size = size << 8 | b;
      return size;
    }
  }
  return hal::make_error(hal::ErrorCode::kProtocol, "the FCP of " + name + " states no size (tag 80)");
}

hal::Status CardFiles::write(hal::ByteView content, const std::string& name) {
  for (const Chunk& c : write_chunks(content.size(), caps_.max_command_data)) {
    const hal::ByteView part = content.subspan(c.offset, c.length);
    hal::CommandApdu command{0x00, kInsUpdateBinary, hi(c.offset), lo(c.offset), hal::Bytes(part.begin(), part.end()),
                             std::nullopt};
    if (c.odd_ins) {
      command.ins = kInsUpdateBinaryOdd;
      command.p1 = command.p2 = 0;
      command.data = offset_object(c.offset);
      const hal::Bytes data = encode_tlv(0x53, part);
      command.data.insert(command.data.end(), data.begin(), data.end());
    }
    HAL_TRY(expect_ok(command, "UPDATE BINARY of " + name + " at offset " + std::to_string(c.offset)));
  }
  return {};
}

hal::Result<hal::Bytes> CardFiles::read(std::size_t size, const std::string& name, std::size_t from) {
  hal::Bytes out;
  out.reserve(size);
  for (const Chunk& c : read_chunks(size, caps_.max_response_data, from)) {
    const std::string what = "READ BINARY of " + name + " at offset " + std::to_string(c.offset);
    hal::CommandApdu command{0x00, kInsReadBinary, hi(c.offset), lo(c.offset), {}, c.length};
    if (c.odd_ins) {
      command = {0x00, kInsReadBinaryOdd, 0x00, 0x00, offset_object(c.offset),
                 c.length + 1 + encode_length(c.length).size()};
    }
    auto response = send(command);
    if (!response) return hal::make_error(response.error().code, response.error().message + " (during " + what + ")");
    if (!response->ok() && response->sw != kEndOfFile) return card_refused(response->sw, what);
    hal::ByteView data = response->data;
    if (c.odd_ins) {
      auto wrapped = read_tlv(response->data, LengthRule::kBer, what);
      if (!wrapped || wrapped->tag != 0x53) {
        return hal::make_error(hal::ErrorCode::kProtocol, "card answered " + what + " without data object 53");
      }
      data = wrapped->value;
    }
    if (data.size() != c.length) {
      return hal::make_error(hal::ErrorCode::kCorrupt,
                             name + ": the card returned " + std::to_string(data.size()) + " bytes at offset " +
                                 std::to_string(c.offset) + " where the file should hold " + std::to_string(c.length) +
                                 " more: it does not keep the size it states");
    }
    out.insert(out.end(), data.begin(), data.end());
  }
  return out;
}

hal::Result<hal::Bytes> CardFiles::read_tlv_file(const std::string& name) {
  const std::string what = "READ BINARY of " + name + " at offset 0";
  // Le 00 (or 0000) asks for "all there is, up to the maximum": a short file
  // comes back whole with 9000.
  const std::size_t ne = std::min(caps_.max_response_data, hal::kExtendedMaxLe);
  auto first = send({0x00, kInsReadBinary, 0x00, 0x00, {}, ne});
  if (!first) return hal::make_error(first.error().code, first.error().message + " (during " + what + ")");
  if ((!first->ok() && first->sw != kEndOfFile) || first->data.empty()) return card_refused(first->sw, what);
  hal::Bytes content = std::move(first->data);
  auto header = read_tlv_header(content, name);
  if (!header) return header.error();
  const std::size_t total = *header;
  if (total > kMaxFileSize) {
    return hal::make_error(hal::ErrorCode::kCorrupt,
                           name + ": file claims " + std::to_string(total) + " bytes, more than a card file holds");
  }
  if (content.size() >= total) {
    content.resize(total);
    return content;
  }
  auto rest = read(total - content.size(), name, content.size());
  if (!rest) return rest.error();
  content.insert(content.end(), rest->begin(), rest->end());
  return content;
}

hal::Status CardFiles::put_data(std::uint16_t tag, hal::ByteView value, const std::string& name) {
  const std::size_t room = std::max<std::size_t>(1, caps_.max_command_data);
  for (std::size_t at = 0; at < value.size() || at == 0;) {
    const std::size_t n = std::min(room, value.size() - at);
    const bool last = at + n >= value.size();
    const hal::ByteView part = value.subspan(at, n);
    HAL_TRY(expect_ok({static_cast<std::uint8_t>(last ? 0x00 : kChaining), kInsPutData, hi(tag), lo(tag),
                       hal::Bytes(part.begin(), part.end()), std::nullopt},
                      "PUT DATA " + name));
    at += n;
    if (last) break;
  }
  return {};
}

hal::Result<std::optional<std::uint8_t>> CardFiles::lifecycle() {
  auto response = send({0x00, kInsGetData, hi(data_object::kLifecycle), lo(data_object::kLifecycle), {}, 1});
  if (!response) return response.error();
  if (!response->ok() || response->data.size() != 1) return std::optional<std::uint8_t>();
  return std::optional<std::uint8_t>(response->data[0]);
}

}  // namespace station::card
