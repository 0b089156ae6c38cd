#include "station/workflow/synthetic_citizen.hpp"

#include <array>
#include <cstdio>
#include <random>
#include <string_view>

namespace station::workflow {

namespace {

struct Province {
  const char* code;
  const char* name;
};

constexpr std::array<Province, 6> kProvinces = {{{"001", "Hà Nội"},
                                                 {"079", "Thành phố Hồ Chí Minh"},
                                                 {"048", "Đà Nẵng"},
                                                 {"046", "Thừa Thiên Huế"},
                                                 {"031", "Hải Phòng"},
                                                 {"092", "Cần Thơ"}}};
constexpr std::array<const char*, 8> kFamilies = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"};
constexpr std::array<const char*, 6> kMaleGiven = {"Văn An", "Minh Đức", "Quốc Bảo", "Hữu Phước", "Đình Khang", "Thành Long"};
constexpr std::array<const char*, 6> kFemaleGiven = {"Thị Mai", "Ngọc Ánh", "Thu Hằng", "Thanh Hương", "Bảo Châu", "Kim Liên"};
constexpr std::array<const char*, 4> kStreets = {"Số 12 Tràng Tiền", "Số 45 Lê Lợi", "Số 7 Nguyễn Huệ", "Số 88 Trần Phú"};

template <typename T, std::size_t N>
const T& pick(const std::array<T, N>& list, std::mt19937_64& random) {
  return list[std::uniform_int_distribution<std::size_t>(0, N - 1)(random)];
}

// PPP C YY NNNNNN (Circular 07/2016/TT-BCA): the century digit carries the sex.
std::string personal_id(const Province& p, int year, bool female, std::mt19937_64& random) {
  const int century = (year / 100 - 19) * 2 + (female ? 1 : 0);
  char text[48];
  std::snprintf(text, sizeof text, "%s%d%02d%06d", p.code, century, year % 100,
                std::uniform_int_distribution<int>(0, 999999)(random));
  return text;
}

}  // namespace

dossier::Demographics synthetic_demographics(std::uint64_t seed) {
  std::mt19937_64 random(seed * 0x9E3779B97F4A7C15ull + 1);
  dossier::Demographics d;
  const bool female = random() % 2 == 1;
  const int year = std::uniform_int_distribution<int>(1950, 2007)(random);
  const Province& origin = pick(kProvinces, random);
  const Province& residence = pick(kProvinces, random);
  const std::string family = pick(kFamilies, random);
  d.full_name = family + " " + (female ? pick(kFemaleGiven, random) : pick(kMaleGiven, random));
  d.date_of_birth = {year, std::uniform_int_distribution<int>(1, 12)(random), std::uniform_int_distribution<int>(1, 28)(random)};
  d.sex = female ? dossier::Sex::kFemale : dossier::Sex::kMale;
  d.nationality = "VNM";
  d.ethnicity = "Kinh";
  d.place_of_origin = origin.name;
  d.place_of_residence = std::string(pick(kStreets, random)) + ", " + residence.name;
  d.personal_id = personal_id(origin, year, female, random);
  d.father_name = family + " " + pick(kMaleGiven, random);
  d.mother_name = std::string(pick(kFamilies, random)) + " " + pick(kFemaleGiven, random);
  return d;
}

}  // namespace station::workflow
