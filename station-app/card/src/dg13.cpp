#include "station/card/dg13.hpp"

#include "station/cms/der.hpp"
#include "station/cms/tlv.hpp"
#include "station/card/transliteration.hpp"

namespace station::card {

// The card's files are TLV and DER, EF.SOD a CMS SignedData: the cms room's.
using namespace cms;

namespace {

constexpr Tag kDg13Tag = 0x6D;
constexpr std::uint8_t kProfileVersion = 1;

// The profile's objects, in order (DG13.md).
enum Field : Tag {
  kVersion = 0x80,
  kPersonalId = 0x81,
  kFullName = 0x82,
  kBirth = 0x83,
  kSexTag = 0x84,
  kNationality = 0x85,
  kEthnicity = 0x86,
  kReligion = 0x87,
  kOrigin = 0x88,
  kResidence = 0x89,
  kIssue = 0x8A,
  kExpiry = 0x8B,
  kFather = 0x8C,
  kMother = 0x8D,
};

hal::Bytes bytes(const std::string& text) { return hal::Bytes(text.begin(), text.end()); }

hal::Error corrupt(const std::string& why) { return hal::make_error(hal::ErrorCode::kCorrupt, "DG13: " + why); }

class FieldReader {
 public:
  explicit FieldReader(hal::ByteView value) : reader_(value, "DG13") {}

  hal::Result<std::string> required(Tag tag, const char* name) {
    auto tlv = reader_.expect(tag);
    if (!tlv) return tlv.error();
    return checked_text(tlv->value, name);
  }

  hal::Result<std::string> optional(Tag tag, const char* name) {
    auto tlv = reader_.optional(tag);
    if (!tlv) return tlv.error();
    if (!*tlv) return std::string();
    return checked_text((*tlv)->value, name);
  }

  hal::Status end() { return reader_.expect_end(); }

 private:
  static hal::Result<std::string> checked_text(hal::ByteView value, const char* name) {
    std::string text(value.begin(), value.end());
    if (text.empty()) return corrupt(std::string(name) + " is empty");
    auto nfc = to_nfc(text, name);
    if (!nfc) return corrupt(nfc.error().message);
    if (*nfc != text) return corrupt(std::string(name) + " is not in Unicode NFC");
    return text;
  }

  TlvReader reader_;
};

hal::Result<Sex> parse_sex(const std::string& text) {
  if (text == "M") return Sex::kMale;
  if (text == "F") return Sex::kFemale;
  if (text == "X") return Sex::kUnknown;
  return corrupt("sex '" + text + "' is not M, F or X");
}

hal::Status read_fields(FieldReader& r, NationalData& d) {
  auto version = r.required(kVersion, "profile version");
  if (!version) return version.error();
  if (*version != std::string(1, static_cast<char>(kProfileVersion))) return corrupt("unknown profile version");
  auto text = [&](Tag tag, const char* name, std::string& out) -> hal::Status {
    auto v = r.required(tag, name);
    if (!v) return v.error();
    out = std::move(*v);
    return {};
  };
  auto date = [&](Tag tag, const char* name, PartialDate& out, bool partial) -> hal::Status {
    std::string raw;
    HAL_TRY(text(tag, name, raw));
    auto parsed = parse_compact(raw, std::string("DG13: ") + name);
    if (!parsed) return parsed.error();
    if (!partial && !parsed->complete()) return corrupt(std::string(name) + " is not a full date");
    out = *parsed;
    return {};
  };
  HAL_TRY(text(kPersonalId, "personal ID number", d.personal_id_number));
  HAL_TRY(text(kFullName, "full name", d.full_name));
  HAL_TRY(date(kBirth, "date of birth", d.date_of_birth, true));
  std::string sex;
  HAL_TRY(text(kSexTag, "sex", sex));
  auto parsed_sex = parse_sex(sex);
  if (!parsed_sex) return parsed_sex.error();
  d.sex = *parsed_sex;
  HAL_TRY(text(kNationality, "nationality", d.nationality));
  HAL_TRY(text(kEthnicity, "ethnicity", d.ethnicity));
  HAL_TRY(text(kReligion, "religion", d.religion));
  HAL_TRY(text(kOrigin, "place of origin", d.place_of_origin));
  HAL_TRY(text(kResidence, "place of residence", d.place_of_residence));
  HAL_TRY(date(kIssue, "date of issue", d.date_of_issue, false));
  HAL_TRY(date(kExpiry, "date of expiry", d.date_of_expiry, false));
  auto father = r.optional(kFather, "father's name");
  if (!father) return father.error();
  d.father_name = std::move(*father);
  auto mother = r.optional(kMother, "mother's name");
  if (!mother) return mother.error();
  d.mother_name = std::move(*mother);
  return r.end();
}

}  // namespace

hal::Result<NationalData> national_data_of(const CardHolderData& h) {
  NationalData d;
  d.personal_id_number = h.personal_id_number;
  d.date_of_birth = h.date_of_birth;
  d.sex = h.sex;
  d.date_of_issue = h.date_of_issue;
  d.date_of_expiry = h.date_of_expiry;
  const std::pair<const std::string*, std::string*> texts[] = {
      {&h.nationality_name, &d.nationality}, {&h.ethnicity, &d.ethnicity},
      {&h.religion, &d.religion},            {&h.place_of_origin, &d.place_of_origin},
      {&h.place_of_residence, &d.place_of_residence}, {&h.father_name, &d.father_name},
      {&h.mother_name, &d.mother_name}};
  for (const auto& [from, to] : texts) {
    auto nfc = to_nfc(*from, "DG13 text");
    if (!nfc) return nfc.error();
    *to = std::move(*nfc);
  }
  auto name = to_nfc(h.family_name + " " + h.given_names, "full name");
  if (!name) return name.error();
  d.full_name = std::move(*name);
  return d;
}

hal::Bytes build_dg13(const NationalData& d) {
  const std::string sex(1, sex_letter(d.sex) == '<' ? 'X' : sex_letter(d.sex));
  std::vector<hal::Bytes> objects{
      encode_tlv(kVersion, hal::Bytes{kProfileVersion}),
      encode_tlv(kPersonalId, bytes(d.personal_id_number)),
      encode_tlv(kFullName, bytes(d.full_name)),
      encode_tlv(kBirth, bytes(compact_text(d.date_of_birth))),
      encode_tlv(kSexTag, bytes(sex)),
      encode_tlv(kNationality, bytes(d.nationality)),
      encode_tlv(kEthnicity, bytes(d.ethnicity)),
      encode_tlv(kReligion, bytes(d.religion)),
      encode_tlv(kOrigin, bytes(d.place_of_origin)),
      encode_tlv(kResidence, bytes(d.place_of_residence)),
      encode_tlv(kIssue, bytes(compact_text(d.date_of_issue))),
      encode_tlv(kExpiry, bytes(compact_text(d.date_of_expiry))),
  };
  if (!d.father_name.empty()) objects.push_back(encode_tlv(kFather, bytes(d.father_name)));
  if (!d.mother_name.empty()) objects.push_back(encode_tlv(kMother, bytes(d.mother_name)));
  return encode_tlv(kDg13Tag, der::concat(objects));
}

hal::Result<NationalData> parse_dg13(hal::ByteView file) {
  TlvReader outer_reader(file, "DG13");
  auto outer = outer_reader.expect(kDg13Tag);
  if (!outer) return outer.error();
  HAL_TRY(outer_reader.expect_end());
  FieldReader r(outer->value);
  NationalData d;
  HAL_TRY(read_fields(r, d));
  return d;
}

}  // namespace station::card
