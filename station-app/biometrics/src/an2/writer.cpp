// Writing a transaction: every record is built as fields, then encoded with
// its exact LEN; Type-1 is built last because its CNT lists the others.
#include <algorithm>
#include <set>
#include <string>

#include "station/biometrics/an2.hpp"

namespace station::biometrics::an2 {

namespace {

constexpr int kImageField = 999;

std::string tag(int type, int number) {
  std::string digits = std::to_string(number);
  if (digits.size() < 3) digits.insert(0, 3 - digits.size(), '0');
  return std::to_string(type) + "." + digits + ":";
}

std::string two_digits(int value) {
  std::string text = std::to_string(value);
  return text.size() < 2 ? "0" + text : text;
}

hal::Error invalid(const TaggedRecord& record, int number, const std::string& what) {
  return hal::make_error(hal::ErrorCode::kInvalidArgument, "ANSI/NIST Type-" + std::to_string(record.type) + " field " +
                                                               std::to_string(record.type) + "." +
                                                               std::to_string(number) + ": " + what);
}

hal::Status check_fields(const TaggedRecord& record) {
  std::set<int> seen;
  for (const Field& field : record.fields) {
    if (field.number < 2 || field.number > kImageField) return invalid(record, field.number, "number is not 2-999");
    if (!seen.insert(field.number).second) return invalid(record, field.number, "appears twice");
    bool binary = field.number == kImageField;
    if (!binary && field.value.find_first_of("\x1C\x1D") != std::string::npos) {
      return invalid(record, field.number, "value holds an FS or GS separator");
    }
  }
  return {};
}

// A field list extended with the caller's extra fields, in number order.
std::vector<Field> with_extra(std::vector<Field> fields, const std::vector<Field>& extra) {
  fields.insert(fields.end(), extra.begin(), extra.end());
  std::stable_sort(fields.begin(), fields.end(), [](const Field& a, const Field& b) { return a.number < b.number; });
  return fields;
}

TaggedRecord finger_record(const FingerImage& f) {
  std::vector<Field> fields = {{3, std::to_string(f.impression)},
                               {4, f.source_agency},
                               {5, f.capture_date},
                               {6, std::to_string(f.width)},
                               {7, std::to_string(f.height)},
                               {8, "1"},
                               {9, std::to_string(f.ppi)},
                               {10, std::to_string(f.ppi)},
                               {11, f.compression},
                               {12, "8"},
                               {13, std::to_string(f.position)},
                               {kImageField, std::string(f.data.begin(), f.data.end())}};
  return {14, with_extra(std::move(fields), f.extra)};
}

TaggedRecord face_record(const FaceImage& f) {
  std::vector<Field> fields = {{3, "FACE"},
                               {4, f.source_agency},
                               {5, f.photo_date},
                               {6, std::to_string(f.width)},
                               {7, std::to_string(f.height)},
                               {8, "0"},
                               {9, "1"},
                               {10, "1"},
                               {11, f.compression},
                               {12, f.colour_space},
                               {13, std::to_string(f.acquisition_profile)},
                               {kImageField, std::string(f.data.begin(), f.data.end())}};
  return {10, with_extra(std::move(fields), f.extra)};
}

TaggedRecord header_record(const TransactionHeader& h, const std::vector<TaggedRecord>& records) {
  std::vector<std::vector<std::string>> content = {{"1", std::to_string(records.size())}};
  for (std::size_t i = 0; i < records.size(); ++i)
    content.push_back({std::to_string(records[i].type), two_digits(int(i))});
  std::vector<Field> fields = {{2, "0500"}, {3, Field::join(content)}, {4, h.type_of_transaction}, {5, h.date}};
  if (h.priority > 0) fields.push_back({6, std::to_string(h.priority)});
  fields.push_back({7, h.destination_agency});
  fields.push_back({8, h.originating_agency});
  fields.push_back({9, h.control_number});
  // No Type-4 style fixed-resolution images: both resolutions are 00.00.
  fields.push_back({11, "00.00"});
  fields.push_back({12, "00.00"});
  if (!h.domain.empty()) fields.push_back({13, h.domain});
  if (!h.gmt.empty()) fields.push_back({14, h.gmt});
  return {1, with_extra(std::move(fields), h.extra)};
}

}  // namespace

hal::Result<hal::Bytes> encode_record(const TaggedRecord& record) {
  HAL_TRY(check_fields(record));
  std::string body;
  for (const Field& field : record.fields) body += kGroupSeparator + tag(record.type, field.number) + field.value;
  body += kFileSeparator;
  // LEN counts its own digits: grow the guess until it is self-consistent.
  std::string prefix = tag(record.type, 1);
  std::size_t length = prefix.size() + body.size();
  while (prefix.size() + std::to_string(length).size() + body.size() != length) {
    length = prefix.size() + std::to_string(length).size() + body.size();
  }
  std::string encoded = prefix + std::to_string(length) + body;
  return hal::Bytes(encoded.begin(), encoded.end());
}

void TransactionWriter::add_descriptive(std::vector<Field> fields) { records_.push_back({2, std::move(fields)}); }

void TransactionWriter::add_finger(FingerImage finger) { records_.push_back(finger_record(finger)); }

void TransactionWriter::add_face(FaceImage face) { records_.push_back(face_record(face)); }

hal::Result<hal::Bytes> TransactionWriter::encode() const {
  if (records_.size() > 99) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "ANSI/NIST: " + std::to_string(records_.size()) + " records; IDCs allow at most 99");
  }
  hal::Bytes out;
  auto append = [&](TaggedRecord record, int idc) -> hal::Status {
    if (idc >= 0) record.fields.insert(record.fields.begin(), Field{2, two_digits(idc)});
    auto encoded = encode_record(record);
    if (!encoded) return encoded.error();
    out.insert(out.end(), encoded->begin(), encoded->end());
    return {};
  };
  HAL_TRY(append(header_record(header_, records_), -1));
  for (std::size_t i = 0; i < records_.size(); ++i) {
    const TaggedRecord& record = records_[i];
    for (const Field& field : record.fields) {
      if (field.number == 2) return invalid(record, 2, "IDC is assigned by the writer");
    }
    if (record.type == 14) {
      auto position = record.text(13);
      if (position.empty() || std::stoi(position) < 0 || std::stoi(position) > 15) {
        return invalid(record, 13, "finger position '" + position + "' is not 0-15");
      }
    }
    HAL_TRY(append(record, int(i)));
  }
  return out;
}

}  // namespace station::biometrics::an2
