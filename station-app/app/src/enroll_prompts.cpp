#include "enroll_prompts.hpp"

#include "station/dossier/validation.hpp"
#include "station/workflow/demographic_fields.hpp"
#include "station/workflow/face.hpp"

namespace station {

namespace {

using hal::ErrorCode;
using dossier::Demographics;

using Field = workflow::DemographicField;

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
  for (const auto& f : workflow::demographic_fields()) HAL_TRY(ask_field(p, d, f, today));
  return d;
}

hal::Result<biometrics::RawImage> prompt_face(Prompter& p) {
  for (;;) {
    auto line = ask(p, "Face photo file (.jp2, .png, .pgm)");
    if (!line) return line.error();
    auto image = biometrics::read_face_image(*line);
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

}  // namespace station
