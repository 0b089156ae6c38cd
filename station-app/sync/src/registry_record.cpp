#include "station/sync/registry_record.hpp"

#include <ctime>

#include "station/biometrics/an2.hpp"
#include "station/biometrics/an2_profile.hpp"
#include "station/sync/manifest.hpp"
#include "station/dossier/serialization.hpp"

namespace station::sync {

namespace {

namespace an2 = biometrics::an2;
using dossier::FingerStatus;
using dossier::ImageFormat;

using namespace biometrics::an2_profile;

constexpr char kUnitSeparator = 0x1F;

std::string utc(dossier::TimePoint t, const char* format) { return utc_text(t, format); }

// YYYYMMDD with 00 for an unknown month or day.
std::string date_of_birth(const dossier::PartialDate& d) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d%02d%02d", d.year, d.month, d.day);
  return text;
}

std::string sex_code(dossier::Sex sex) {
  switch (sex) {
    case dossier::Sex::kMale:
      return "M";
    case dossier::Sex::kFemale:
      return "F";
    case dossier::Sex::kUnknown:
      break;
  }
  return "X";
}

std::string compression(ImageFormat format) {
  switch (format) {
    case ImageFormat::kWsq:
      return "WSQ20";
    case ImageFormat::kJpeg:
      return "JPEGB";
    case ImageFormat::kJpeg2000:
      return "JP2";
    case ImageFormat::kPng:
      return "PNG";
  }
  return "NONE";
}

std::string capture_comment(const dossier::Capture& c) {
  std::string text = "quality " + std::to_string(c.quality) + " of 100, " + std::to_string(c.retries) + " re-captures";
  if (c.accepted_below_threshold) text += ", kept below the quality bar by the supervisor";
  return text;
}

// 2.084 and 2.085 as the ten-print file writes them: each missing finger,
// and each exception the dossier's supervisor approved (a missing finger, a
// print kept below the quality bar).
std::vector<an2::Field> finger_fields(const dossier::Dossier& d) {
  std::vector<MissingFinger> missing;
  std::vector<Approval> approvals;
  for (int i = 0; i < dossier::kFingerCount; ++i) {
    const auto& slot = d.fingers[static_cast<std::size_t>(i)];
    std::string decision = slot.status == FingerStatus::kAmputated      ? "XX"
                           : slot.status == FingerStatus::kUnableToPrint ? "UP"
                                                                         : "";
    if (!decision.empty()) missing.push_back({i + 1, decision});
    if (slot.capture && slot.capture->accepted_below_threshold) decision = "KEPT";
    if (!decision.empty() && !d.supervisor_id.empty()) approvals.push_back({i + 1, decision, d.supervisor_id});
  }
  return biometrics::an2_profile::finger_fields(missing, approvals);
}

std::vector<an2::Field> demographics(const dossier::Dossier& d, hal::ByteView sealed_hash) {
  const dossier::Demographics& p = d.demographics;
  std::vector<an2::Field> fields = {
      {kName, p.full_name},
      {kCitizenship, p.nationality},
      {kDateOfBirth, date_of_birth(p.date_of_birth)},
      {kSex, sex_code(p.sex)},
  };
  auto fingers = finger_fields(d);
  fields.insert(fields.end(), fingers.begin(), fingers.end());
  const std::pair<int, std::string> profile[] = {
      {kDossierId, d.id},           {kPersonalId, p.personal_id},         {kEthnicity, p.ethnicity},
      {kReligion, p.religion},      {kPlaceOfOrigin, p.place_of_origin},  {kPlaceOfResidence, p.place_of_residence},
      {kFather, p.father_name},     {kMother, p.mother_name},             {kOfficer, d.officer_id},
      {kSupervisor, d.supervisor_id}, {kStation, d.station_id},           {kCreated, utc(d.created_at, "%Y%m%d%H%M%SZ")},
      {kSealedHash, hal::to_hex(sealed_hash)},
  };
  for (const auto& [number, value] : profile)
    if (!value.empty()) fields.push_back({number, value});
  return fields;
}

an2::FaceImage face_record(const dossier::Dossier& d, const dossier::Capture& c) {
  an2::FaceImage face;
  face.source_agency = d.station_id;
  face.photo_date = utc(c.captured_at, "%Y%m%d");
  face.width = static_cast<std::uint32_t>(c.width);
  face.height = static_cast<std::uint32_t>(c.height);
  face.compression = compression(c.format);
  face.data = c.image;
  face.extra.push_back({kComment, capture_comment(c)});
  return face;
}

an2::FingerImage finger_record(const dossier::Dossier& d, int position, const dossier::Capture& c) {
  an2::FingerImage finger;
  finger.position = position;
  finger.impression = kLiveScanRolled;
  finger.source_agency = d.station_id;
  finger.capture_date = utc(c.captured_at, "%Y%m%d");
  finger.width = static_cast<std::uint32_t>(c.width);
  finger.height = static_cast<std::uint32_t>(c.height);
  finger.ppi = c.ppi > 0 ? c.ppi : kDefaultPpi;
  finger.compression = compression(c.format);
  finger.data = c.image;
  finger.extra.push_back({kComment, capture_comment(c)});
  return finger;
}

hal::Error corrupt(const std::string& why) {
  return hal::make_error(hal::ErrorCode::kCorrupt, "registry record: " + why);
}

}  // namespace

hal::Result<hal::Bytes> registry_record(const dossier::Dossier& d, hal::ByteView sealed_hash, const std::string& destination) {
  an2::TransactionHeader header;
  header.type_of_transaction = kTransactionType;
  header.date = utc(d.created_at, "%Y%m%d");
  header.destination_agency = destination;
  header.originating_agency = d.station_id;
  header.control_number = d.id;
  header.domain = std::string(kDomainName) + kUnitSeparator + kDomainVersion;
  header.gmt = utc(d.updated_at, "%Y%m%d%H%M%SZ");
  header.extra.push_back({15, std::string("3") + kUnitSeparator + "UTF-8"});  // DCS: CSI 3, UTF-8
  an2::TransactionWriter writer(header);
  writer.add_descriptive(demographics(d, sealed_hash));
  if (d.face) writer.add_face(face_record(d, *d.face));
  for (int i = 0; i < dossier::kFingerCount; ++i) {
    const auto& slot = d.fingers[static_cast<std::size_t>(i)];
    if (slot.status == FingerStatus::kCaptured && slot.capture) writer.add_finger(finger_record(d, i + 1, *slot.capture));
  }
  return writer.encode();
}

hal::Result<RecordSummary> read_registry_record(hal::ByteView transaction) {
  auto parsed = an2::parse(transaction);
  if (!parsed) return corrupt(parsed.error().message);
  RecordSummary out;
  const an2::TaggedRecord* type2 = nullptr;
  for (const auto& record : parsed->records) {
    if (record.type == 2 && !type2) type2 = std::get_if<an2::TaggedRecord>(&record.body);
    if (record.type == 14) ++out.fingers;
    if (record.type == 10) out.face = true;
  }
  if (type2 == nullptr) return corrupt("no Type-2 record with the demographics");
  out.dossier_id = type2->text(kDossierId);
  out.personal_id = type2->text(kPersonalId);
  out.full_name = type2->text(kName);
  if (const an2::Field* amp = type2->find(kAmputated)) out.missing = static_cast<int>(amp->subfields().size());
  if (out.dossier_id.empty()) return corrupt("no dossier id (2.200)");
  if (out.personal_id.size() != 12) return corrupt("dossier " + out.dossier_id + " has no 12-digit personal ID (2.201)");
  if (out.fingers + out.missing != dossier::kFingerCount) {
    return corrupt("dossier " + out.dossier_id + " accounts for " + std::to_string(out.fingers + out.missing) +
                   " fingers, not ten");
  }
  return out;
}

}  // namespace station::sync
