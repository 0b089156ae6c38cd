// A test dossier in JSON: the card holder's data until the dossier library
// (issue 3) provides sealed dossiers. The format, every key required unless
// marked optional (station-app/card/examples/dossier.json is one):
//
//   document_number     optional; 1-9 of 0-9/A-Z (default: personal ID digits 4-12)
//   personal_id_number  "001089012345"
//   family_name, given_names          UTF-8 as written
//   date_of_birth       "YYYY-MM-DD", "YYYY-MM" or "YYYY"
//   sex                 "M", "F" or "X"
//   date_of_issue, date_of_expiry     "YYYY-MM-DD"
//   nationality_name, ethnicity, religion, place_of_origin, place_of_residence   UTF-8
//   father_name, mother_name          optional, UTF-8
//   can                 6 digits
//   face_image          binary PGM or PPM, relative to the JSON file
//   document_code, issuing_state, nationality   optional ("ID", "VNM", "VNM")
//
// Unknown keys are refused, so a misspelt key never goes unnoticed.
#pragma once

#include <filesystem>

#include "hal/result.hpp"
#include "station/card/holder_data.hpp"

namespace station::card {

// Reads and validates. kNotFound (no file), kInvalidArgument (JSON syntax, a
// missing, unknown or malformed key, failed validation), errors of the face
// image file.
hal::Result<CardHolderData> load_holder_json(const std::filesystem::path& path);

}  // namespace station::card
