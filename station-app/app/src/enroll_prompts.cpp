#include "enroll_prompts.hpp"

#include <functional>

#include "station/dossier/validation.hpp"
#include "station/workflow/face.hpp"

namespace station {

namespace {

using hal::ErrorCode;
using dossier::Demographics;

struct Field {
  const char* name;      // as validation names it
  const char* question;
  std::function<hal::Status(Demographics&, const std::string&)> set;
};

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

const std::vector<Field>& fields() {
  static const std::vector<Field> list = {
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

// What validation says about `field` once everything asked so far is in.
std::vector<std::string> problems_of(const Demographics& d, const std::string& field, const dossier::PartialDate& today) {
  std::vector<std::string> out;
  for (const auto& e : dossier::validate_demographics(d, dossier::Stage::kSeal, today))
    if (e.field == field) out.push_back(e.message);
  return out;
}

hal::Result<std::string> ask(Prompter& p, const std::string& question) {
  for (;;) {
    p.out << question << ": " << std::flush;
    std::string line;
    if (!std::getline(p.in, line)) return hal::make_error(ErrorCode::kCancelled, "the input ended; nothing more was saved");
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!p.after_answer) return line;
    auto stands = p.after_answer();
    if (!stands) return stands.error();
    if (*stands) return line;
  }
}

hal::Status ask_field(Prompter& p, Demographics& d, const Field& f, const dossier::PartialDate& today) {
  for (;;) {
    auto line = ask(p, f.question);
    if (!line) return line.error();
    Demographics trial = d;
    auto set = f.set(trial, *line);
    std::vector<std::string> problems = set ? problems_of(trial, f.name, today) : std::vector<std::string>{set.error().message};
    if (problems.empty()) {
      d = std::move(trial);
      return {};
    }
    for (const auto& problem : problems) p.out << "  " << f.name << ": " << problem << "\n";
  }
}

}  // namespace

hal::Result<Demographics> prompt_demographics(Prompter& p, const dossier::PartialDate& today) {
  Demographics d;
  for (const auto& f : fields()) HAL_TRY(ask_field(p, d, f, today));
  return d;
}

hal::Result<card::RawImage> prompt_face(Prompter& p) {
  for (;;) {
    auto line = ask(p, "Face photo file (.jp2, .png, .pgm)");
    if (!line) return line.error();
    auto image = workflow::read_face_file(*line);
    if (image) return image;
    p.out << "  face: " << image.error().message << "\n";
  }
}

hal::Result<bool> confirm(Prompter& p, const std::string& question) {
  for (;;) {
    auto line = ask(p, question + " [y/n]");
    if (!line) return line.error().code == ErrorCode::kCancelled ? hal::Result<bool>(false) : line.error();
    if (*line == "y" || *line == "Y") return true;
    if (*line == "n" || *line == "N") return false;
    p.out << "  answer y or n\n";
  }
}

hal::Result<Demographics> demographics_from_json(const nlohmann::json& j, const std::string& file) {
  Demographics d;
  for (const auto& f : fields()) {
    if (!j.contains(f.name)) continue;
    if (!j[f.name].is_string())
      return hal::make_error(ErrorCode::kInvalidArgument, file + ": '" + f.name + "' must be a string");
    auto set = f.set(d, j[f.name].get<std::string>());
    if (!set) return hal::make_error(ErrorCode::kInvalidArgument, file + ": " + f.name + ": " + set.error().message);
  }
  return d;
}

void print_review(const Output& out, const dossier::Dossier& d) {
  const auto& p = d.demographics;
  out.line("Review of dossier " + d.id + ":");
  out.line("  " + p.full_name + ", born " + dossier::to_iso8601(p.date_of_birth) + ", " +
           std::string(dossier::to_string(p.sex)) + ", ID " + p.personal_id);
  out.line("  origin " + p.place_of_origin + "; residence " + p.place_of_residence);
  if (d.face) out.line("  face: quality " + std::to_string(d.face->quality));
  std::string fingers;
  for (int i = 0; i < dossier::kFingerCount; ++i) {
    const auto& slot = d.fingers[static_cast<std::size_t>(i)];
    fingers += " " + std::to_string(i + 1) + ":" +
               (slot.capture ? std::to_string(slot.capture->quality) : std::string(dossier::to_string(slot.status)));
  }
  out.line("  fingers (quality):" + fingers);
  if (!d.supervisor_id.empty()) out.line("  exceptions approved by supervisor " + d.supervisor_id);
}

std::string positions_text(const std::vector<int>& positions) {
  std::string text;
  for (int p : positions) text += (text.empty() ? "" : ", ") + std::to_string(p);
  return text;
}

}  // namespace station
