#include "station/workflow/demographic_fields.hpp"

namespace station::workflow {

namespace {

using dossier::Demographics;
using hal::ErrorCode;

hal::Status set_text(std::string& target, const std::string& value) {
  target = value;
  return {};
}

hal::Status set_sex(Demographics& d, const std::string& v) {
  if (v == "M" || v == "m") d.sex = dossier::Sex::kMale;
  else if (v == "F" || v == "f") d.sex = dossier::Sex::kFemale;
  else return hal::make_error(ErrorCode::kInvalidArgument, "answer M (male) or F (female), not '" + v + "'");
  return {};
}

hal::Status set_date(Demographics& d, const std::string& v) {
  auto date = dossier::parse_iso8601(v);
  if (!date) return date.error();
  d.date_of_birth = *date;
  return {};
}

}  // namespace

const std::vector<DemographicField>& demographic_fields() {
  static const std::vector<DemographicField> list = {
      {"full_name", "Full name (as on the birth record)", [](Demographics& d, const std::string& v) { return set_text(d.full_name, v); }},
      {"date_of_birth", "Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)", set_date},
      {"sex", "Sex (M/F)", set_sex},
      {"ethnicity", "Ethnicity", [](Demographics& d, const std::string& v) { return set_text(d.ethnicity, v); }},
      {"religion", "Religion (empty for none)", [](Demographics& d, const std::string& v) { return set_text(d.religion, v); }},
      {"place_of_origin", "Place of origin", [](Demographics& d, const std::string& v) { return set_text(d.place_of_origin, v); }},
      {"place_of_residence", "Place of permanent residence",
       [](Demographics& d, const std::string& v) { return set_text(d.place_of_residence, v); }},
      {"personal_id", "Personal ID number (12 digits)", [](Demographics& d, const std::string& v) { return set_text(d.personal_id, v); }},
      {"father_name", "Father's name (empty if not known)", [](Demographics& d, const std::string& v) { return set_text(d.father_name, v); }},
      {"mother_name", "Mother's name (empty if not known)", [](Demographics& d, const std::string& v) { return set_text(d.mother_name, v); }},
  };
  return list;
}

}  // namespace station::workflow
