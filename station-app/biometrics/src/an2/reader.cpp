// Reading a transaction: Type-1 first, then each record CNT lists, tagged
// or binary according to its type.
#include <charconv>
#include <optional>
#include <string>

#include "byte_io.hpp"
#include "station/biometrics/an2.hpp"

namespace station::biometrics::an2 {

namespace {

constexpr std::size_t kType4HeaderSize = 18;
constexpr std::size_t kBinaryHeaderMinimum = 5;  // LEN and IDC
constexpr int kImageField = 999;                 // binary data to the record's end

bool is_binary_type(int type) { return type >= 3 && type <= 8; }

// Digits only: from_chars alone takes a leading '-', and a negative LEN
// would wrap the record's end back into the records before it.
std::optional<int> to_number(std::string_view text) {
  int value = 0;
  if (text.empty() || text.size() > 9) return std::nullopt;
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string describe(int index, int type) {
  return "record " + std::to_string(index + 1) + " (Type-" + std::to_string(type) + ")";
}

struct ListedRecord {
  int type;
  int idc;
};

class TransactionParser {
 public:
  explicit TransactionParser(hal::ByteView data) : data_(reinterpret_cast<const char*>(data.data()), data.size()) {}

  hal::Result<Transaction> parse() {
    if (data_.empty()) return corrupt(0, "the file is empty");
    Transaction transaction;
    auto header = tagged(0, 1, 0);
    if (!header) return header.error();
    auto listed = content_list(std::get<TaggedRecord>(header->body));
    if (!listed) return listed.error();
    std::size_t offset = header->length;
    transaction.records.push_back(std::move(*header));
    for (std::size_t i = 0; i < listed->size(); ++i) {
      int index = int(i) + 1;
      int type = (*listed)[i].type;
      if (offset >= data_.size()) {
        return corrupt(offset, "the file ends before " + describe(index, type) + ", which CNT lists");
      }
      auto record = is_binary_type(type) ? binary(offset, type, index) : tagged(offset, type, index);
      if (!record) return record.error();
      offset += record->length;
      transaction.records.push_back(std::move(*record));
    }
    if (offset != data_.size()) {
      return corrupt(offset, std::to_string(data_.size() - offset) + " bytes follow the last record CNT lists");
    }
    return transaction;
  }

 private:
  hal::Error corrupt(std::size_t offset, const std::string& what) const {
    return hal::make_error(hal::ErrorCode::kCorrupt, "ANSI/NIST: " + what + " (offset " + std::to_string(offset) + ")");
  }

  // CNT (1.003): "1<US>n" then n subfields "type<US>IDC".
  hal::Result<std::vector<ListedRecord>> content_list(const TaggedRecord& header) const {
    const Field* cnt = header.find(3);
    if (cnt == nullptr) return corrupt(0, "Type-1 has no CNT field (1.003)");
    auto subfields = cnt->subfields();
    int count = -1;
    if (subfields[0].size() == 2 && subfields[0][0] == "1") count = to_number(subfields[0][1]).value_or(-1);
    if (count < 0) return corrupt(0, "CNT (1.003) does not start with '1<US>count'");
    if (std::size_t(count) != subfields.size() - 1) {
      return corrupt(0, "CNT (1.003) announces " + std::to_string(count) + " records but lists " +
                            std::to_string(subfields.size() - 1));
    }
    std::vector<ListedRecord> listed;
    for (std::size_t i = 1; i < subfields.size(); ++i) {
      int type = -1, idc = -1;
      if (subfields[i].size() == 2) {
        type = to_number(subfields[i][0]).value_or(-1);
        idc = to_number(subfields[i][1]).value_or(-1);
      }
      if (type < 2 || type > 99 || idc < 0) {
        return corrupt(0, "CNT (1.003) entry " + std::to_string(i) + " is not 'type<US>IDC' with a type of 2-99");
      }
      listed.push_back({type, idc});
    }
    return listed;
  }

  struct Tag {
    int type;
    int number;
    std::size_t value_start;
  };

  // "T.NNN:" at `at`, within [at, end).
  std::optional<Tag> tag(std::size_t at, std::size_t end) const {
    std::size_t dot = data_.find('.', at);
    if (dot == std::string_view::npos || dot >= end) return std::nullopt;
    std::size_t colon = data_.find(':', dot);
    if (colon == std::string_view::npos || colon >= end) return std::nullopt;
    auto type = to_number(data_.substr(at, dot - at));
    auto number = to_number(data_.substr(dot + 1, colon - dot - 1));
    if (!type || !number) return std::nullopt;
    return Tag{*type, *number, colon + 1};
  }

  hal::Result<Record> tagged(std::size_t offset, int type, int index) const {
    std::string where = describe(index, type);
    auto first = tag(offset, std::min(data_.size(), offset + 16));
    if (!first || first->number != 1)
      return corrupt(offset, where + " does not start with a LEN field (" + std::to_string(type) + ".001)");
    if (first->type != type) {
      return corrupt(offset, where + " starts with a Type-" + std::to_string(first->type) + " tag");
    }
    std::size_t len_end = data_.find_first_of("\x1D\x1C", first->value_start);
    auto length = len_end == std::string_view::npos
                      ? std::nullopt
                      : to_number(data_.substr(first->value_start, len_end - first->value_start));
    if (!length) return corrupt(offset, where + ": LEN (" + std::to_string(type) + ".001) is not a number");
    std::size_t end = offset + std::size_t(*length);
    if (std::size_t(*length) <= len_end - offset || end > data_.size()) {
      return corrupt(offset, where + ": LEN " + std::to_string(*length) + " does not fit the record (" +
                                 std::to_string(data_.size() - offset) + " bytes remain)");
    }
    if (data_[end - 1] != kFileSeparator) {
      return corrupt(offset, where + ": LEN " + std::to_string(*length) + " does not end on the record's FS separator");
    }
    TaggedRecord record{type, {}};
    std::size_t at = offset;
    while (at < end - 1) {
      auto field = tag(at, end);
      if (!field) return corrupt(at, where + ": a field does not start with a 'T.NNN:' tag");
      if (field->type != type) {
        return corrupt(at, where + ": field " + std::to_string(field->type) + "." + std::to_string(field->number) +
                               " carries another record type's tag");
      }
      std::size_t value_end =
          field->number == kImageField ? end - 1 : data_.find_first_of("\x1D\x1C", field->value_start);
      if (value_end > end - 1) value_end = end - 1;
      if (data_[value_end] == kFileSeparator && value_end != end - 1) {
        return corrupt(value_end,
                       where + ": an FS separator inside the record; LEN " + std::to_string(*length) + " is too long");
      }
      record.fields.push_back(
          Field{field->number, std::string(data_.substr(field->value_start, value_end - field->value_start))});
      at = value_end + 1;
    }
    return Record{type, offset, std::size_t(*length), std::move(record)};
  }

  hal::Result<Record> binary(std::size_t offset, int type, int index) const {
    std::string where = describe(index, type);
    hal::ByteView bytes(reinterpret_cast<const std::uint8_t*>(data_.data()) + offset, data_.size() - offset);
    ByteReader in(bytes, "ANSI/NIST " + where, offset);
    std::uint32_t length = in.u32("LEN");
    std::size_t minimum = type == 4 ? kType4HeaderSize : kBinaryHeaderMinimum;
    if (in.failed() || length < minimum || length > bytes.size()) {
      return corrupt(offset, where + ": LEN " + std::to_string(length) + " does not fit the record (" +
                                 std::to_string(bytes.size()) + " bytes remain, the header needs " +
                                 std::to_string(minimum) + ")");
    }
    if (type != 4) {
      BinaryRecord raw{bytes[4], hal::Bytes(bytes.begin(), bytes.begin() + length)};
      return Record{type, offset, length, std::move(raw)};
    }
    Type4Record r;
    r.idc = in.u8("IDC");
    r.impression = in.u8("IMP");
    for (auto& position : r.positions) position = in.u8("FGP");
    r.scanning_resolution = in.u8("ISR");
    r.width = in.u16("HLL");
    r.height = in.u16("VLL");
    r.compression = in.u8("GCA");
    hal::ByteView image = in.take(length - kType4HeaderSize, "image");
    HAL_TRY(in.status());
    if (r.compression == 0 && image.size() != std::size_t{r.width} * r.height) {
      return corrupt(offset, where + ": uncompressed image of " + std::to_string(r.width) + "x" +
                                 std::to_string(r.height) + " needs " +
                                 std::to_string(std::size_t{r.width} * r.height) + " bytes, LEN leaves " +
                                 std::to_string(image.size()));
    }
    r.image.assign(image.begin(), image.end());
    return Record{type, offset, length, std::move(r)};
  }

  std::string_view data_;
};

}  // namespace

hal::Result<Transaction> parse(hal::ByteView data) { return TransactionParser(data).parse(); }

}  // namespace station::biometrics::an2
