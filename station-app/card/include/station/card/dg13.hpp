// DG13 in our national-data profile (station-app/card/DG13.md).
#pragma once

#include <string>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/card/holder_data.hpp"

namespace station::card {

struct NationalData {
  std::string personal_id_number;
  std::string full_name;  // NFC UTF-8
  PartialDate date_of_birth;
  Sex sex = Sex::kUnknown;
  std::string nationality, ethnicity, religion, place_of_origin, place_of_residence;
  PartialDate date_of_issue, date_of_expiry;
  std::string father_name, mother_name;  // empty when absent

  friend bool operator==(const NationalData&, const NationalData&) = default;
};

// From validated holder data; texts are normalised to NFC.
// kInvalidArgument when a text is not UTF-8.
hal::Result<NationalData> national_data_of(const CardHolderData& holder);

hal::Bytes build_dg13(const NationalData& data);
// kCorrupt naming the object that is wrong.
hal::Result<NationalData> parse_dg13(hal::ByteView file);

}  // namespace station::card
