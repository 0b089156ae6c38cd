// Appendix I of Circular 07/2016/TT-BCA (Ministry of Public Security, 1 Feb
// 2016): codes of the provinces and centrally-run cities where a citizen's
// birth is registered. They are the 2-digit codes of Decision
// 124/2004/QD-TTg with a leading zero, which is why numbers are missing.
#include <algorithm>
#include <array>
#include <utility>

#include "station/dossier/personal_id.hpp"

namespace station::dossier {

namespace {

using Province = std::pair<std::string_view, std::string_view>;

constexpr std::array<Province, 63> kProvinces{{
    {"001", "Hà Nội"},        {"002", "Hà Giang"},     {"004", "Cao Bằng"},    {"006", "Bắc Kạn"},
    {"008", "Tuyên Quang"},   {"010", "Lào Cai"},      {"011", "Điện Biên"},   {"012", "Lai Châu"},
    {"014", "Sơn La"},        {"015", "Yên Bái"},      {"017", "Hòa Bình"},    {"019", "Thái Nguyên"},
    {"020", "Lạng Sơn"},      {"022", "Quảng Ninh"},   {"024", "Bắc Giang"},   {"025", "Phú Thọ"},
    {"026", "Vĩnh Phúc"},     {"027", "Bắc Ninh"},     {"030", "Hải Dương"},   {"031", "Hải Phòng"},
    {"033", "Hưng Yên"},      {"034", "Thái Bình"},    {"035", "Hà Nam"},      {"036", "Nam Định"},
    {"037", "Ninh Bình"},     {"038", "Thanh Hóa"},    {"040", "Nghệ An"},     {"042", "Hà Tĩnh"},
    {"044", "Quảng Bình"},    {"045", "Quảng Trị"},    {"046", "Thừa Thiên Huế"}, {"048", "Đà Nẵng"},
    {"049", "Quảng Nam"},     {"051", "Quảng Ngãi"},   {"052", "Bình Định"},   {"054", "Phú Yên"},
    {"056", "Khánh Hòa"},     {"058", "Ninh Thuận"},   {"060", "Bình Thuận"},  {"062", "Kon Tum"},
    {"064", "Gia Lai"},       {"066", "Đắk Lắk"},      {"067", "Đắk Nông"},    {"068", "Lâm Đồng"},
    {"070", "Bình Phước"},    {"072", "Tây Ninh"},     {"074", "Bình Dương"},  {"075", "Đồng Nai"},
    {"077", "Bà Rịa - Vũng Tàu"}, {"079", "Hồ Chí Minh"}, {"080", "Long An"},  {"082", "Tiền Giang"},
    {"083", "Bến Tre"},       {"084", "Trà Vinh"},     {"086", "Vĩnh Long"},   {"087", "Đồng Tháp"},
    {"089", "An Giang"},      {"091", "Kiên Giang"},   {"092", "Cần Thơ"},     {"093", "Hậu Giang"},
    {"094", "Sóc Trăng"},     {"095", "Bạc Liêu"},     {"096", "Cà Mau"},
}};

}  // namespace

std::optional<std::string_view> province_name(std::string_view code) {
  auto found = std::find_if(kProvinces.begin(), kProvinces.end(), [&](const Province& p) { return p.first == code; });
  if (found == kProvinces.end()) return std::nullopt;
  return found->second;
}

int province_count() { return static_cast<int>(kProvinces.size()); }

}  // namespace station::dossier
