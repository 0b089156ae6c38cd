// A citizen's enrollment dossier: demographics, face and ten finger slots,
// and who took them where. Plain data; validation.hpp says what a complete
// and well-formed dossier is, serialization.hpp how it is written down.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::dossier {

using TimePoint = std::chrono::system_clock::time_point;

enum class Sex { kUnknown, kMale, kFemale };  // kUnknown only while a draft

// A date of birth as the civil record knows it: year only, year and month, or
// a full date (ISO 8601 reduced precision: "1987", "1987-03", "1987-03-09").
// A zero field is unknown; a day is only known with its month.
struct PartialDate {
  int year = 0;
  int month = 0;
  int day = 0;

  bool empty() const { return year == 0 && month == 0 && day == 0; }
  bool complete() const { return month != 0 && day != 0; }
  // An unknown month or day (0) sorts before every known one.
  friend bool operator==(const PartialDate&, const PartialDate&) = default;
  friend auto operator<=>(const PartialDate&, const PartialDate&) = default;
};

std::string to_iso8601(const PartialDate& date);
// kInvalidArgument naming the text when it is not YYYY, YYYY-MM or YYYY-MM-DD.
hal::Result<PartialDate> parse_iso8601(std::string_view text);

enum class ImageFormat { kWsq, kJpeg, kJpeg2000, kPng };

// One captured image with what the capture step learnt about it.
struct Capture {
  ImageFormat format = ImageFormat::kWsq;
  int width = 0;
  int height = 0;
  int ppi = 0;                      // pixels per inch; 0 for a face photo
  hal::Bytes image;
  int quality = 0;                  // 0..100, NFIQ 2 scale for fingers, ISO/IEC 29794-5 style for the face
  int retries = 0;                  // re-captures before this one was kept
  bool accepted_below_threshold = false;  // a supervisor kept it despite its quality
  TimePoint captured_at{};

  friend bool operator==(const Capture&, const Capture&) = default;
};

// The missing-finger codes are those of ANSI/NIST-ITL 1-2011 field 14.018
// (AMP): "XX" amputated, "UP" unable to print (bandaged, injured).
enum class FingerStatus { kNotCaptured, kCaptured, kAmputated, kUnableToPrint };

struct FingerSlot {
  FingerStatus status = FingerStatus::kNotCaptured;
  std::optional<Capture> capture;  // present exactly when status is kCaptured

  friend bool operator==(const FingerSlot&, const FingerSlot&) = default;
};

// Finger positions 1..10 are ANSI/NIST-ITL finger position codes (FGP):
// 1 right thumb .. 5 right little, 6 left thumb .. 10 left little.
inline constexpr int kFingerCount = 10;
std::string_view finger_name(int position);

struct Demographics {
  std::string full_name;           // Vietnamese, UTF-8 NFC, as on the birth record
  PartialDate date_of_birth;
  Sex sex = Sex::kUnknown;
  std::string nationality = "VNM";  // ISO 3166-1 alpha-3
  std::string ethnicity;
  std::string religion;             // "" when none is declared
  std::string place_of_origin;      // quê quán
  std::string place_of_residence;   // nơi thường trú
  std::string personal_id;          // 12 digits, see personal_id.hpp
  std::string father_name;          // "" when not known
  std::string mother_name;

  friend bool operator==(const Demographics&, const Demographics&) = default;
};

struct Dossier {
  std::string id;
  std::string station_id;
  std::string officer_id;
  std::string supervisor_id;  // required once any exception needs approval
  TimePoint created_at{};
  TimePoint updated_at{};
  Demographics demographics;
  std::optional<Capture> face;
  std::array<FingerSlot, kFingerCount> fingers{};  // index 0 is position 1

  friend bool operator==(const Dossier&, const Dossier&) = default;
};

std::string_view to_string(Sex sex);
std::string_view to_string(ImageFormat format);
std::string_view to_string(FingerStatus status);
// The inverse of to_string; kInvalidArgument listing the accepted words.
hal::Result<Sex> parse_sex(std::string_view text);
hal::Result<ImageFormat> parse_image_format(std::string_view text);
hal::Result<FingerStatus> parse_finger_status(std::string_view text);

}  // namespace station::dossier
