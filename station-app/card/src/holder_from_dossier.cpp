#include "station/card/holder_from_dossier.hpp"

#include <openssl/rand.h>

#include <array>

#include "station/biometrics/jpeg2000.hpp"

namespace station::card {

namespace {

hal::Error invalid(const std::string& message) { return hal::make_error(hal::ErrorCode::kInvalidArgument, message); }

// Vietnamese names put the family name first: "Nguyễn Thị Ánh" is family
// "Nguyễn", given names "Thị Ánh".
hal::Status split_name(const std::string& full_name, CardHolderData& holder) {
  auto first = full_name.find_first_not_of(' ');
  auto space = full_name.find(' ', first == std::string::npos ? 0 : first);
  auto given = space == std::string::npos ? std::string::npos : full_name.find_first_not_of(' ', space);
  if (first == std::string::npos || given == std::string::npos) {
    return invalid("full name '" + full_name + "' needs a family name and a given name for the card's MRZ");
  }
  holder.family_name = full_name.substr(first, space - first);
  holder.given_names = full_name.substr(given);
  return {};
}

hal::Result<Sex> card_sex(dossier::Sex sex) {
  if (sex == dossier::Sex::kUnknown) return invalid("sex is not recorded; the card's MRZ needs it");
  return sex;
}

hal::Result<biometrics::RawImage> face_pixels(const std::optional<dossier::Capture>& face) {
  if (!face) return invalid("the dossier has no face image; DG2 needs one");
  if (face->format != dossier::ImageFormat::kJpeg2000) {
    return hal::make_error(hal::ErrorCode::kUnsupported, "the face image is " + std::string(dossier::to_string(face->format)) +
                                                             "; the card takes it as JPEG 2000");
  }
  auto pixels = biometrics::decode_jpeg2000(face->image);
  if (!pixels) return hal::make_error(hal::ErrorCode::kCorrupt, "the dossier's face image: " + pixels.error().message);
  return pixels;
}

PartialDate birthday_at(const PartialDate& birth, int age) {
  return {birth.year + age, birth.month == 0 ? 1 : birth.month, birth.day == 0 ? 1 : birth.day};
}

// 29 February becomes 28 February in a year that has none.
PartialDate real_day(PartialDate d) {
  bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  if (d.month == 2 && d.day == 29 && !leap) d.day = 28;
  return d;
}

}  // namespace

PartialDate date_of_expiry(const PartialDate& birth, const PartialDate& issue) {
  constexpr std::array<int, 4> kRenewalAges = {14, 25, 40, 60};
  for (int age : kRenewalAges) {
    PartialDate due = birthday_at(birth, age);
    PartialDate two_years_before = birthday_at(birth, age - 2);
    if (issue < two_years_before) return real_day(due);
  }
  return real_day(birthday_at(birth, 100));
}

hal::Result<std::string> random_can() {
  std::string can;
  while (can.size() < 6) {
    unsigned char byte = 0;
    if (RAND_bytes(&byte, 1) != 1) return hal::make_error(hal::ErrorCode::kInternal, "OpenSSL's random generator failed");
    if (byte < 250) can += static_cast<char>('0' + byte % 10);  // no bias: 250 = 25 x 10
  }
  return can;
}

hal::Result<CardHolderData> holder_from_dossier(const dossier::Dossier& dossier, const IssueDetails& issue) {
  const dossier::Demographics& d = dossier.demographics;
  CardHolderData holder;
  HAL_TRY(split_name(d.full_name, holder));
  auto sex = card_sex(d.sex);
  if (!sex) return sex.error();
  holder.sex = *sex;
  if (d.date_of_birth.year == 0) return invalid("date of birth is not recorded; the card's MRZ needs at least the year");
  holder.date_of_birth = d.date_of_birth;
  holder.date_of_issue = issue.date_of_issue;
  holder.date_of_expiry = date_of_expiry(holder.date_of_birth, issue.date_of_issue);
  holder.nationality = d.nationality;
  holder.nationality_name = d.nationality == "VNM" ? "Việt Nam" : d.nationality;
  holder.personal_id_number = d.personal_id;
  holder.ethnicity = d.ethnicity;
  holder.religion = d.religion.empty() ? "Không" : d.religion;  // "none", as the card prints it
  holder.place_of_origin = d.place_of_origin;
  holder.place_of_residence = d.place_of_residence;
  holder.father_name = d.father_name;
  holder.mother_name = d.mother_name;
  holder.can = issue.can;
  auto face = face_pixels(dossier.face);
  if (!face) return face.error();
  holder.face = std::move(face).value();
  holder.face_jpeg2000 = dossier.face->image;
  HAL_TRY(validate(holder));
  return holder;
}

}  // namespace station::card
