#include "station/dossier/dossier.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <utility>

namespace station::dossier {

namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr NameTable<Sex, 3> kSexNames{{{Sex::kUnknown, "unknown"}, {Sex::kMale, "male"}, {Sex::kFemale, "female"}}};
constexpr NameTable<ImageFormat, 4> kFormatNames{{{ImageFormat::kWsq, "wsq"},
                                                  {ImageFormat::kJpeg, "jpeg"},
                                                  {ImageFormat::kJpeg2000, "jpeg2000"},
                                                  {ImageFormat::kPng, "png"}}};
constexpr NameTable<FingerStatus, 4> kStatusNames{{{FingerStatus::kNotCaptured, "not-captured"},
                                                   {FingerStatus::kCaptured, "captured"},
                                                   {FingerStatus::kAmputated, "amputated"},
                                                   {FingerStatus::kUnableToPrint, "unable-to-print"}}};

template <typename Enum, std::size_t N>
std::string_view name_of(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return "?";
}

template <typename Enum, std::size_t N>
hal::Result<Enum> parse_name(const NameTable<Enum, N>& table, std::string_view text, std::string_view what) {
  std::string accepted;
  for (const auto& [value, name] : table) {
    if (name == text) return value;
    accepted += (accepted.empty() ? "" : ", ") + std::string(name);
  }
  return hal::make_error(hal::ErrorCode::kInvalidArgument,
                         std::string(what) + " '" + std::string(text) + "' is not one of: " + accepted);
}

// Parses exactly `width` decimal digits at `text[at]`, or -1.
int digits_at(std::string_view text, std::size_t at, std::size_t width) {
  if (text.size() < at + width) return -1;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + width, value);
  if (ec != std::errc() || end != text.data() + at + width) return -1;
  return value;
}

}  // namespace

std::string to_iso8601(const PartialDate& date) {
  char text[16];
  if (date.day != 0) {
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
  } else if (date.month != 0) {
    std::snprintf(text, sizeof text, "%04d-%02d", date.year, date.month);
  } else if (date.year != 0) {
    std::snprintf(text, sizeof text, "%04d", date.year);
  } else {
    return "";
  }
  return text;
}

hal::Result<PartialDate> parse_iso8601(std::string_view text) {
  PartialDate date;
  bool shape_ok = text.size() == 4 || (text.size() == 7 && text[4] == '-') ||
                  (text.size() == 10 && text[4] == '-' && text[7] == '-');
  date.year = digits_at(text, 0, 4);
  if (shape_ok && text.size() >= 7) date.month = digits_at(text, 5, 2);
  if (shape_ok && text.size() == 10) date.day = digits_at(text, 8, 2);
  if (!shape_ok || date.year < 0 || date.month < 0 || date.day < 0) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "date '" + std::string(text) + "' is not YYYY, YYYY-MM or YYYY-MM-DD");
  }
  return date;
}

std::string_view finger_name(int position) {
  static constexpr std::array<std::string_view, kFingerCount> kNames{
      "right thumb", "right index", "right middle", "right ring", "right little",
      "left thumb",  "left index",  "left middle",  "left ring",  "left little"};
  if (position < 1 || position > kFingerCount) return "unknown finger";
  return kNames[static_cast<std::size_t>(position - 1)];
}

std::string_view to_string(Sex sex) { return name_of(kSexNames, sex); }
std::string_view to_string(ImageFormat format) { return name_of(kFormatNames, format); }
std::string_view to_string(FingerStatus status) { return name_of(kStatusNames, status); }

hal::Result<Sex> parse_sex(std::string_view text) { return parse_name(kSexNames, text, "sex"); }
hal::Result<ImageFormat> parse_image_format(std::string_view text) {
  return parse_name(kFormatNames, text, "image format");
}
hal::Result<FingerStatus> parse_finger_status(std::string_view text) {
  return parse_name(kStatusNames, text, "finger status");
}

}  // namespace station::dossier
