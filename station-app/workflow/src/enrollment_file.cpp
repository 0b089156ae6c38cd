#include "station/workflow/enrollment_file.hpp"

#include <set>

#include "hal/files.hpp"
#include "station/dossier/json_fields.hpp"
#include "station/workflow/demographic_fields.hpp"

namespace station::workflow {

namespace {

const std::set<std::string, std::less<>>& known_keys() {
  static const std::set<std::string, std::less<>> keys = [] {
    std::set<std::string, std::less<>> out{"face", "scanner_seed"};
    for (const auto& f : demographic_fields()) out.insert(f.name);
    return out;
  }();
  return keys;
}

}  // namespace

hal::Result<EnrollmentFile> parse_enrollment_json(std::string_view text, const std::string& file) {
  auto doc = dossier::parse_json_object(text, file);
  if (!doc) return doc.error();
  const dossier::JsonFields fields(*doc, file);
  HAL_TRY(fields.only(known_keys()));
  EnrollmentFile out;
  for (const auto& f : demographic_fields()) {
    if (!doc->contains(f.name)) continue;
    auto value = fields.text(f.name, true);
    if (!value) return value.error();
    auto set = f.set(out.demographics, *value);
    if (!set) return fields.bad(f.name, set.error().message);
  }
  auto face = fields.text("face", true);
  if (!face) return face.error();
  if (face->empty()) return fields.bad("face", "must name an image file (.jp2, .png or .pgm)");
  out.face = *face;
  auto seed = fields.whole_number("scanner_seed", 1);
  if (!seed) return seed.error();
  out.scanner_seed = *seed;
  return out;
}

hal::Result<EnrollmentFile> read_enrollment_file(const std::filesystem::path& path) {
  auto text = hal::read_regular_text_file(path, hal::kEnrollmentFile);
  if (!text) return text.error();
  return parse_enrollment_json(*text, path.string());
}

}  // namespace station::workflow
