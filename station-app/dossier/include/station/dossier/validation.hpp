// What makes a dossier well-formed (every field given is acceptable: a draft
// may be saved) and complete (ready to seal). Problems come back per field,
// in words an officer can act on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hal/result.hpp"
#include "station/dossier/dossier.hpp"

namespace station::dossier {

struct FieldError {
  std::string field;    // "full_name", "date_of_birth", "fingers[3].quality", "face"
  std::string message;  // a sentence that says what to do
};

enum class Stage {
  kDraft,  // fields given must be well-formed; missing ones are fine
  kSeal,   // everything required is there and consistent
};

// Capture quality gates. A capture below its threshold is re-taken up to
// max_retries times; after that a supervisor may accept it.
struct QualityRules {
  int min_finger_quality = 40;  // NFIQ 2 score
  int min_face_quality = 50;
  int max_retries = 3;
};

std::vector<FieldError> validate_demographics(const Demographics& demographics, Stage stage, const PartialDate& today);
std::vector<FieldError> validate_face(const std::optional<Capture>& face, Stage stage, const QualityRules& rules,
                                      bool has_supervisor);
// `position` is the ANSI/NIST finger position 1..10.
std::vector<FieldError> validate_finger(const FingerSlot& slot, int position, Stage stage, const QualityRules& rules,
                                        bool has_supervisor);
// All of the above plus who and where: officer and station ids.
std::vector<FieldError> validate(const Dossier& dossier, Stage stage, const QualityRules& rules,
                                 const PartialDate& today);

// One kInvalidArgument error listing every problem ("dossier X cannot be
// sealed: full_name: is empty; fingers[7]: ..."), for callers that need a
// hal::Error. `what` says what was being attempted.
hal::Error to_error(const std::vector<FieldError>& errors, std::string_view what);

// Today's date on the station's clock, in its local time zone.
PartialDate civil_date(TimePoint at);

}  // namespace station::dossier
