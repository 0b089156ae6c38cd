#include "station/biometrics/ten_print_record.hpp"

#include "station/biometrics/wsq.hpp"

namespace station::biometrics {

namespace {

// Type-2 fields of our domain profile (numbers follow the FBI EBTS, whose
// 2.084 AMP lists amputated or unprintable fingers).
constexpr int kAmputatedField = 84;    // subfields: FGP, AMPCD (XX or UP)
constexpr int kApprovalField = 85;     // subfields: FGP, decision (XX, UP or KEPT), supervisor id
constexpr int kCommentField = 20;      // 14.020 COM

std::string decision(const FingerRecord& f) {
  return f.status == FingerStatus::kMissing ? std::string(amp_code(*f.missing)) : "KEPT";
}

an2::Field subfields_field(int number, const std::vector<std::vector<std::string>>& subfields) {
  return {number, an2::Field::join(subfields)};
}

hal::Result<an2::FingerImage> finger_record(const FingerRecord& f, const TenPrintRecordOptions& options) {
  const CaptureAttempt& kept = f.attempts[*f.kept];
  wsq::EncodeOptions encode;
  encode.bitrate = options.wsq_bitrate;
  auto compressed = wsq::encode(kept.print, encode);
  if (!compressed) return compressed.error();
  an2::FingerImage image;
  image.position = f.position;
  image.impression = 1;
  image.source_agency = options.source_agency;
  image.capture_date = options.capture_date;
  image.width = kept.print.width();
  image.height = kept.print.height();
  image.data = std::move(compressed).value();
  std::string comment = "quality " + std::to_string(kept.quality) + " of 100, attempt " + std::to_string(*f.kept + 1) +
                        " of " + std::to_string(f.attempts.size());
  if (!f.approved_by.empty()) comment += ", kept below the quality bar by supervisor " + f.approved_by;
  image.extra.push_back({kCommentField, comment});
  return image;
}

}  // namespace

hal::Result<hal::Bytes> encode_ten_print(const TenPrintSession& session, const TenPrintRecordOptions& options) {
  if (!session.complete()) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition, "finger " + std::to_string(*session.current()) +
                                                                     " has no outcome yet; finish the session first");
  }
  an2::TransactionWriter writer(options.header);
  std::vector<std::vector<std::string>> missing, approvals;
  for (const FingerRecord& f : session.fingers()) {
    if (f.status == FingerStatus::kMissing) missing.push_back({std::to_string(f.position), std::string(amp_code(*f.missing))});
    if (!f.approved_by.empty()) approvals.push_back({std::to_string(f.position), decision(f), f.approved_by});
  }
  std::vector<an2::Field> descriptive;
  if (!missing.empty()) descriptive.push_back(subfields_field(kAmputatedField, missing));
  if (!approvals.empty()) descriptive.push_back(subfields_field(kApprovalField, approvals));
  writer.add_descriptive(std::move(descriptive));
  for (const FingerRecord& f : session.fingers()) {
    if (f.status != FingerStatus::kCaptured) continue;
    auto image = finger_record(f, options);
    if (!image) return image.error();
    writer.add_finger(std::move(image).value());
  }
  return writer.encode();
}

}  // namespace station::biometrics
