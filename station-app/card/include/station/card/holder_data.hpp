// What the card needs to know about its holder: the input of
// personalisation. The dossier library (issue 3) will fill it from a sealed
// dossier; until then `load_holder_json` reads a test dossier.
#pragma once

#include <string>

#include "hal/result.hpp"
#include "station/card/dates.hpp"
#include "station/biometrics/raw_image.hpp"
#include "station/dossier/dossier.hpp"

namespace station::card {

// The dossier's: kUnknown is a sex not stated ('<' in the MRZ, 'X' in DG13).
using Sex = dossier::Sex;

struct CardHolderData {
  // MRZ (DG1) fields.
  std::string document_code = "ID";  // TD1 positions 1-2
  std::string issuing_state = "VNM";  // ISO 3166-1 alpha-3
  std::string nationality = "VNM";
  std::string document_number;        // 1-9 of [0-9A-Z]; empty: the last 9 digits of the personal ID number
  // Names in UTF-8 as written, diacritics and all ("Nguyễn", "Thị Ánh").
  std::string family_name;
  std::string given_names;
  PartialDate date_of_birth;  // may be partial
  Sex sex = Sex::kUnknown;
  PartialDate date_of_issue;
  PartialDate date_of_expiry;

  // National data (DG13), UTF-8.
  std::string personal_id_number;  // 12 digits
  std::string nationality_name;    // "Việt Nam"
  std::string ethnicity;
  std::string religion;
  std::string place_of_origin;
  std::string place_of_residence;
  std::string father_name;  // optional
  std::string mother_name;  // optional

  // Card Access Number printed on the card, the PACE password besides the MRZ.
  std::string can;

  biometrics::RawImage face;
  // The face as a dossier holds it, coded in JPEG 2000 once, at enrollment:
  // DG2 carries these very bytes (`face` is their pixels, for the record's
  // size and colour space). Empty for a face given as pixels (`--from`).
  hal::Bytes face_jpeg2000;
};

// Checks every field and the personal ID number against the demographics;
// kInvalidArgument naming the first field that is wrong.
hal::Status validate(const CardHolderData& holder);

// The document number the MRZ carries (explicit, or derived).
std::string effective_document_number(const CardHolderData& holder);

char sex_letter(Sex sex);  // 'M', 'F', '<'

}  // namespace station::card
