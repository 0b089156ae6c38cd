#include "station/card/holder_json.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "hal/files.hpp"
#include "station/dossier/json_fields.hpp"

namespace station::card {

namespace {

using nlohmann::json;

const std::set<std::string>& known_keys() {
  static const std::set<std::string> keys{
      "document_number", "personal_id_number", "family_name",     "given_names",    "date_of_birth",
      "sex",             "date_of_issue",      "date_of_expiry",  "nationality_name", "ethnicity",
      "religion",        "place_of_origin",    "place_of_residence", "father_name", "mother_name",
      "can",             "face_image",         "document_code",   "issuing_state",  "nationality"};
  return keys;
}

using Reader = dossier::JsonFields;

// Fills `out` from `key` when present (optional) or always (required).
hal::Status take(const Reader& r, const char* key, bool required, std::string& out) {
  auto value = r.text(key, required);
  if (!value) return value.error();
  if (required || !value->empty()) out = std::move(*value);
  return {};
}

hal::Status take_date(const Reader& r, const char* key, bool partial, PartialDate& out) {
  auto value = r.text(key, true);
  if (!value) return value.error();
  auto date = parse_date(*value, partial, key);
  if (!date) return r.bad(key, date.error().message);
  out = *date;
  return {};
}

hal::Status take_sex(const Reader& r, Sex& out) {
  auto value = r.text("sex", true);
  if (!value) return value.error();
  if (*value == "M") out = Sex::kMale;
  else if (*value == "F") out = Sex::kFemale;
  else if (*value == "X") out = Sex::kUnknown;
  else return r.bad("sex", "'" + *value + "' is not M, F or X");
  return {};
}

hal::Status take_face(const Reader& r, const std::filesystem::path& json_path, biometrics::RawImage& out) {
  auto name = r.text("face_image", true);
  if (!name) return name.error();
  std::filesystem::path image = *name;
  if (image.is_relative()) image = json_path.parent_path() / image;
  auto loaded = biometrics::read_face_image(image);
  if (!loaded) return loaded.error();
  out = std::move(*loaded);
  return {};
}

hal::Status fill(const json& doc, const std::filesystem::path& path, CardHolderData& h) {
  Reader r(doc, path.string());
  for (const auto& item : doc.items()) {
    if (!known_keys().count(item.key())) return r.bad(item.key(), "unknown key");
  }
  HAL_TRY(take(r, "document_number", false, h.document_number));
  HAL_TRY(take(r, "document_code", false, h.document_code));
  HAL_TRY(take(r, "issuing_state", false, h.issuing_state));
  HAL_TRY(take(r, "nationality", false, h.nationality));
  HAL_TRY(take(r, "personal_id_number", true, h.personal_id_number));
  HAL_TRY(take(r, "family_name", true, h.family_name));
  HAL_TRY(take(r, "given_names", true, h.given_names));
  HAL_TRY(take_date(r, "date_of_birth", true, h.date_of_birth));
  HAL_TRY(take_sex(r, h.sex));
  HAL_TRY(take_date(r, "date_of_issue", false, h.date_of_issue));
  HAL_TRY(take_date(r, "date_of_expiry", false, h.date_of_expiry));
  HAL_TRY(take(r, "nationality_name", true, h.nationality_name));
  HAL_TRY(take(r, "ethnicity", true, h.ethnicity));
  HAL_TRY(take(r, "religion", true, h.religion));
  HAL_TRY(take(r, "place_of_origin", true, h.place_of_origin));
  HAL_TRY(take(r, "place_of_residence", true, h.place_of_residence));
  HAL_TRY(take(r, "father_name", false, h.father_name));
  HAL_TRY(take(r, "mother_name", false, h.mother_name));
  HAL_TRY(take(r, "can", true, h.can));
  return take_face(r, path, h.face);
}

}  // namespace

hal::Result<CardHolderData> load_holder_json(const std::filesystem::path& path) {
  auto text = hal::read_regular_text_file(path, hal::kDossierFile);
  if (!text) return text.error();
  auto doc = dossier::parse_json_object(*text, path.string());
  if (!doc) return doc.error();
  CardHolderData holder;
  HAL_TRY(fill(*doc, path, holder));
  if (auto valid = validate(holder); !valid) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, path.string() + ": " + valid.error().message);
  }
  return holder;
}

}  // namespace station::card
