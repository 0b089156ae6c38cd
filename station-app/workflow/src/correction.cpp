#include "station/workflow/correction.hpp"

#include "station/biometrics/raw_image.hpp"
#include "station/workflow/enrollment_file.hpp"
#include "station/workflow/face.hpp"

namespace station::workflow {

hal::Status correct_rejected(store::Store& store, const std::string& id, const std::filesystem::path& file,
                             const std::string& officer, const hal::Clock& clock, std::size_t face_bytes) {
  auto summary = store.summary(id);
  if (!summary) return summary.error();
  if (summary->state != store::DossierState::kRejected) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "dossier " + id + " is " + std::string(store::to_string(summary->state)) +
                               "; only a dossier the registry rejected is corrected");
  }
  auto read = read_enrollment_file(file);
  if (!read) return read.error();
  auto image = biometrics::read_face_image(file.parent_path() / read->face);
  if (!image) return hal::make_error(image.error().code, file.string() + ": key 'face': " + image.error().message);
  auto face = face_capture(*image, face_bytes, clock.now());
  if (!face) return face.error();
  HAL_TRY(store.save_demographics(id, read->demographics, officer));
  return store.save_face(id, *face, officer);
}

}  // namespace station::workflow
