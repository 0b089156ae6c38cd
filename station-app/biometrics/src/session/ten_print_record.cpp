#include "station/biometrics/ten_print_record.hpp"

#include "station/biometrics/an2_profile.hpp"
#include "station/biometrics/wsq.hpp"

namespace station::biometrics {

namespace {

std::string decision(const FingerRecord& f) {
  return f.status == FingerStatus::kMissing ? std::string(amp_code(*f.missing)) : "KEPT";
}

hal::Result<an2::FingerImage> finger_record(const FingerRecord& f, const TenPrintRecordOptions& options) {
  const CaptureAttempt& kept = f.attempts[*f.kept];
  wsq::EncodeOptions encode;
  encode.bitrate = options.wsq_bitrate;
  auto compressed = wsq::encode(kept.print, encode);
  if (!compressed) return compressed.error();
  an2::FingerImage image;
  image.position = f.position;
  image.impression = an2_profile::kLiveScanRolled;
  image.source_agency = options.source_agency;
  image.capture_date = options.capture_date;
  image.width = kept.print.width();
  image.height = kept.print.height();
  image.data = std::move(compressed).value();
  std::string comment = "quality " + std::to_string(kept.quality) + " of 100, attempt " + std::to_string(*f.kept + 1) +
                        " of " + std::to_string(f.attempts.size());
  if (!f.approved_by.empty()) comment += ", kept below the quality bar by supervisor " + f.approved_by;
  image.extra.push_back({an2_profile::kComment, comment});
  return image;
}

}  // namespace

hal::Result<hal::Bytes> encode_ten_print(const TenPrintSession& session, const TenPrintRecordOptions& options) {
  if (!session.complete()) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition, "finger " + std::to_string(*session.current()) +
                                                                     " has no outcome yet; finish the session first");
  }
  an2::TransactionWriter writer(options.header);
  std::vector<an2_profile::MissingFinger> missing;
  std::vector<an2_profile::Approval> approvals;
  for (const FingerRecord& f : session.fingers()) {
    if (f.status == FingerStatus::kMissing) missing.push_back({f.position, std::string(amp_code(*f.missing))});
    if (!f.approved_by.empty()) approvals.push_back({f.position, decision(f), f.approved_by});
  }
  writer.add_descriptive(an2_profile::finger_fields(missing, approvals));
  for (const FingerRecord& f : session.fingers()) {
    if (f.status != FingerStatus::kCaptured) continue;
    auto image = finger_record(f, options);
    if (!image) return image.error();
    writer.add_finger(std::move(image).value());
  }
  return writer.encode();
}

}  // namespace station::biometrics
