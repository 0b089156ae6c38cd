#include "station/dossier/validation.hpp"

#include <time.h>

#include "station/dossier/personal_id.hpp"
#include "station/dossier/vietnamese_text.hpp"

namespace station::dossier {

namespace {

constexpr int kMaxPlaceCharacters = 200;
constexpr int kMaxShortTextCharacters = 50;
constexpr int kMaxImageSide = 10000;

class Collector {
 public:
  void add(std::string field, std::string message) { errors_.push_back({std::move(field), std::move(message)}); }
  void add_all(std::vector<FieldError> more) {
    for (auto& e : more) errors_.push_back(std::move(e));
  }
  std::vector<FieldError> take() { return std::move(errors_); }

 private:
  std::vector<FieldError> errors_;
};

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Compares as far as both dates are known, so "2024" is not after "2024-06-01".
bool after(const PartialDate& date, const PartialDate& today) {
  if (date.year != today.year) return date.year > today.year;
  if (date.month == 0) return false;
  if (date.month != today.month) return date.month > today.month;
  return date.day > today.day;
}

std::optional<std::string> date_of_birth_problem(const PartialDate& d, const PartialDate& today) {
  if (d.year < 1900) return "year " + std::to_string(d.year) + " is before 1900; check the birth record";
  if (d.month < 0 || d.month > 12) return "month " + std::to_string(d.month) + " does not exist; use 1..12";
  if (d.day != 0 && d.month == 0) return "has a day but no month; give the month too, or the year only";
  if (d.day < 0 || (d.day != 0 && d.day > days_in_month(d.year, d.month))) {
    return to_iso8601(d) + " is not a day of the calendar";
  }
  if (after(d, today)) return to_iso8601(d) + " is in the future (today is " + to_iso8601(today) + ")";
  return std::nullopt;
}

void check_required_text(Collector& out, const char* field, const std::string& value, Stage stage, int max) {
  if (value.empty()) {
    if (stage == Stage::kSeal) out.add(field, "is required; ask the citizen and fill it in");
    return;
  }
  if (auto problem = text_problem(value, max)) out.add(field, *problem);
}

void check_name(Collector& out, const char* field, const std::string& value, bool required, Stage stage) {
  if (value.empty()) {
    if (required && stage == Stage::kSeal) out.add(field, "is required; copy it from the birth record");
    return;
  }
  if (auto problem = name_problem(value)) out.add(field, *problem);
}

void check_nationality(Collector& out, const std::string& value) {
  bool three_capitals = value.size() == 3;
  for (char c : value) three_capitals = three_capitals && c >= 'A' && c <= 'Z';
  if (!three_capitals) {
    out.add("nationality", "'" + value + "' is not an ISO 3166-1 alpha-3 country code such as VNM");
  }
}

void check_personal_id(Collector& out, const Demographics& d, Stage stage) {
  if (d.personal_id.empty()) {
    if (stage == Stage::kSeal) out.add("personal_id", "is required; copy the 12 digits from the birth certificate");
    return;
  }
  auto id = parse_personal_id(d.personal_id);
  if (!id) {
    out.add("personal_id", id.error().message);
    return;
  }
  if (d.date_of_birth.year != 0 && id->birth_year != d.date_of_birth.year) {
    out.add("personal_id", "digits 4-6 say born in " + std::to_string(id->birth_year) + " but date_of_birth is " +
                               to_iso8601(d.date_of_birth) + "; one of them is mistyped");
  }
  if (d.sex != Sex::kUnknown && id->sex != d.sex) {
    out.add("personal_id", "digit 4 says " + std::string(to_string(id->sex)) + " but sex is " +
                               std::string(to_string(d.sex)) + "; one of them is mistyped");
  }
}

void check_quality(Collector& out, const std::string& field, const Capture& c, int min_quality, Stage stage,
                   const QualityRules& rules, bool has_supervisor) {
  if (c.quality >= min_quality) return;
  std::string below = "quality " + std::to_string(c.quality) + " is below " + std::to_string(min_quality);
  if (!c.accepted_below_threshold) {
    if (stage == Stage::kSeal) {
      out.add(field, below + "; re-capture (" + std::to_string(c.retries) + " of " + std::to_string(rules.max_retries) +
                         " retries used) or, after the last retry, have a supervisor accept it");
    }
    return;
  }
  if (c.retries < rules.max_retries) {
    out.add(field, below + " and was accepted after only " + std::to_string(c.retries) + " of " +
                       std::to_string(rules.max_retries) + " retries; re-capture first");
  } else if (stage == Stage::kSeal && !has_supervisor) {
    out.add(field, below + " and was accepted without a supervisor; a supervisor must approve it (supervisor_id)");
  }
}

void check_capture_shape(Collector& out, const std::string& field, const Capture& c, bool finger) {
  if (c.image.empty()) out.add(field, "has no image data; capture it again");
  if (c.width <= 0 || c.height <= 0 || c.width > kMaxImageSide || c.height > kMaxImageSide) {
    out.add(field, "image size " + std::to_string(c.width) + "x" + std::to_string(c.height) +
                       " is not possible; the capture device reported a wrong size");
  }
  if (c.quality < 0 || c.quality > 100) out.add(field, "quality " + std::to_string(c.quality) + " is outside 0..100");
  if (c.retries < 0) out.add(field, "retry count " + std::to_string(c.retries) + " is negative");
  if (finger && c.ppi < 500) {
    out.add(field, "resolution " + std::to_string(c.ppi) + " ppi is below the 500 ppi fingerprints need; use the rolled scanner");
  }
  if (!finger && c.format == ImageFormat::kWsq) out.add(field, "a face photo cannot be WSQ; use JPEG, JPEG 2000 or PNG");
}

std::string finger_field(int position) { return "fingers[" + std::to_string(position) + "]"; }

}  // namespace

std::vector<FieldError> validate_demographics(const Demographics& d, Stage stage, const PartialDate& today) {
  Collector out;
  check_name(out, "full_name", d.full_name, true, stage);
  if (d.date_of_birth.empty()) {
    if (stage == Stage::kSeal) out.add("date_of_birth", "is required; at least the year of birth");
  } else if (auto problem = date_of_birth_problem(d.date_of_birth, today)) {
    out.add("date_of_birth", *problem);
  }
  if (d.sex == Sex::kUnknown && stage == Stage::kSeal) out.add("sex", "is required; choose male or female");
  check_nationality(out, d.nationality);
  check_required_text(out, "ethnicity", d.ethnicity, stage, kMaxShortTextCharacters);
  if (auto problem = text_problem(d.religion, kMaxShortTextCharacters)) out.add("religion", *problem);
  check_required_text(out, "place_of_origin", d.place_of_origin, stage, kMaxPlaceCharacters);
  check_required_text(out, "place_of_residence", d.place_of_residence, stage, kMaxPlaceCharacters);
  check_personal_id(out, d, stage);
  check_name(out, "father_name", d.father_name, false, stage);
  check_name(out, "mother_name", d.mother_name, false, stage);
  return out.take();
}

std::vector<FieldError> validate_face(const std::optional<Capture>& face, Stage stage, const QualityRules& rules,
                                      bool has_supervisor) {
  Collector out;
  if (!face) {
    if (stage == Stage::kSeal) out.add("face", "has not been photographed; take the face photo");
    return out.take();
  }
  check_capture_shape(out, "face", *face, false);
  check_quality(out, "face", *face, rules.min_face_quality, stage, rules, has_supervisor);
  return out.take();
}

std::vector<FieldError> validate_finger(const FingerSlot& slot, int position, Stage stage, const QualityRules& rules,
                                        bool has_supervisor) {
  Collector out;
  std::string field = finger_field(position);
  std::string name(finger_name(position));
  bool captured = slot.status == FingerStatus::kCaptured;
  if (captured != slot.capture.has_value()) {
    out.add(field, captured ? "is marked captured but holds no image; capture the " + name + " again"
                            : "holds an image but is marked " + std::string(to_string(slot.status)) +
                                  "; keep one or the other");
    return out.take();
  }
  if (captured) {
    check_capture_shape(out, field, *slot.capture, true);
    check_quality(out, field, *slot.capture, rules.min_finger_quality, stage, rules, has_supervisor);
  } else if (slot.status == FingerStatus::kNotCaptured) {
    if (stage == Stage::kSeal) {
      out.add(field, "(" + name + ") is not captured; capture it, or mark it amputated or unable to print");
    }
  } else if (stage == Stage::kSeal && !has_supervisor) {
    out.add(field, "(" + name + ") is marked " + std::string(to_string(slot.status)) +
                       "; a supervisor must approve that (supervisor_id)");
  }
  return out.take();
}

std::vector<FieldError> validate(const Dossier& dossier, Stage stage, const QualityRules& rules,
                                 const PartialDate& today) {
  Collector out;
  if (dossier.officer_id.empty()) out.add("officer_id", "is empty; the officer must be logged in");
  if (dossier.station_id.empty()) out.add("station_id", "is empty; the station's configuration names it");
  if (!dossier.supervisor_id.empty() && dossier.supervisor_id == dossier.officer_id) {
    out.add("supervisor_id", "is the officer's own id; another person must approve exceptions");
  }
  bool has_supervisor = !dossier.supervisor_id.empty();
  out.add_all(validate_demographics(dossier.demographics, stage, today));
  out.add_all(validate_face(dossier.face, stage, rules, has_supervisor));
  for (int position = 1; position <= kFingerCount; ++position) {
    out.add_all(validate_finger(dossier.fingers[static_cast<std::size_t>(position - 1)], position, stage, rules,
                                has_supervisor));
  }
  return out.take();
}

hal::Error to_error(const std::vector<FieldError>& errors, std::string_view what) {
  std::string message(what);
  message += ": ";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    message += (i == 0 ? "" : "; ") + errors[i].field + ": " + errors[i].message;
  }
  return hal::make_error(hal::ErrorCode::kInvalidArgument, message);
}

PartialDate civil_date(TimePoint at) {
  time_t seconds = std::chrono::system_clock::to_time_t(at);
  struct tm local {};
  localtime_r(&seconds, &local);
  return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

}  // namespace station::dossier
