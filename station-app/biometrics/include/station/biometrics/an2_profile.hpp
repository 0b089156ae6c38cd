// The station's ANSI/NIST-ITL 1-2011 profile, defined once: what the ten-print
// file of `station capture` and the registry's record of a dossier (sync)
// both write. Type-2 numbers follow the FBI EBTS where a field means the same
// (2.018 NAM ... 2.084 AMP), 2.085 and 2.200 on are ours; README.md has the
// table.
#pragma once

#include <string>
#include <vector>

#include "station/biometrics/an2.hpp"

namespace station::biometrics::an2_profile {

// Type-1: TOT "national ID enrollment" and DOM, the profile's name and version.
inline constexpr const char* kTransactionType = "NIDE";
inline constexpr const char* kDomainName = "VN-CCCD";
inline constexpr const char* kDomainVersion = "1.0";

// Type-2 fields.
inline constexpr int kName = 18;          // NAM
inline constexpr int kCitizenship = 21;   // CTZ
inline constexpr int kDateOfBirth = 22;   // DOB, YYYYMMDD with 00 for an unknown part
inline constexpr int kSex = 24;           // SEX
inline constexpr int kAmputated = 84;     // AMP: subfields FGP, XX (amputated) or UP (unable to print)
inline constexpr int kApproval = 85;      // ours: subfields FGP, decision (XX, UP or KEPT), supervisor id
inline constexpr int kDossierId = 200;
inline constexpr int kPersonalId = 201;
inline constexpr int kEthnicity = 202;
inline constexpr int kReligion = 203;
inline constexpr int kPlaceOfOrigin = 204;
inline constexpr int kPlaceOfResidence = 205;
inline constexpr int kFather = 206;
inline constexpr int kMother = 207;
inline constexpr int kOfficer = 208;
inline constexpr int kSupervisor = 209;
inline constexpr int kStation = 210;
inline constexpr int kCreated = 211;
inline constexpr int kSealedHash = 212;  // SHA-256 of the dossier as sealed at the station, hex

// Type-10 and Type-14: COM (10.020, 14.020) carries the capture's quality note.
inline constexpr int kComment = 20;
// Type-14 IMP: live-scan rolled; the scanner's resolution when none is recorded.
inline constexpr int kLiveScanRolled = 1;
inline constexpr int kDefaultPpi = 500;

// One missing finger or one supervisor decision.
struct MissingFinger {
  int position = 0;  // 1..10
  std::string code;  // "XX" or "UP"
};
struct Approval {
  int position = 0;
  std::string decision;  // "XX", "UP" or "KEPT"
  std::string supervisor;
};

// The Type-2 fields 2.084 and 2.085 for these lists; an empty list gives no field.
std::vector<an2::Field> finger_fields(const std::vector<MissingFinger>& missing, const std::vector<Approval>& approvals);

}  // namespace station::biometrics::an2_profile
