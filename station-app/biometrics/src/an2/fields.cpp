// Field values and their subfield/item structure.
#include "station/biometrics/an2.hpp"

namespace station::biometrics::an2 {

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

}  // namespace

std::vector<std::vector<std::string>> Field::subfields() const {
  std::vector<std::vector<std::string>> result;
  for (const auto& subfield : split(value, kRecordSeparator)) result.push_back(split(subfield, kUnitSeparator));
  return result;
}

std::string Field::join(const std::vector<std::vector<std::string>>& subfields) {
  std::string value;
  for (std::size_t s = 0; s < subfields.size(); ++s) {
    if (s > 0) value += kRecordSeparator;
    for (std::size_t i = 0; i < subfields[s].size(); ++i) {
      if (i > 0) value += kUnitSeparator;
      value += subfields[s][i];
    }
  }
  return value;
}

const Field* TaggedRecord::find(int number) const {
  for (const auto& field : fields) {
    if (field.number == number) return &field;
  }
  return nullptr;
}

std::string TaggedRecord::text(int number) const {
  const Field* field = find(number);
  return field ? field->value : std::string();
}

}  // namespace station::biometrics::an2
