#include "station/workflow/finger_capture.hpp"

#include "station/biometrics/wsq.hpp"

namespace station::workflow {

namespace bio = biometrics;

hal::Result<dossier::FingerSlot> finger_slot(const bio::FingerRecord& f, dossier::TimePoint at) {
  dossier::FingerSlot slot;
  if (f.status == bio::FingerStatus::kMissing) {
    slot.status = *f.missing == bio::MissingReason::kAmputated ? dossier::FingerStatus::kAmputated
                                                               : dossier::FingerStatus::kUnableToPrint;
    return slot;
  }
  if (!f.kept) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "finger " + std::to_string(f.position) + " has no outcome yet");
  }
  const bio::CaptureAttempt& kept = f.attempts[*f.kept];
  auto wsq = bio::wsq::encode(kept.print);
  if (!wsq) return wsq.error();
  dossier::Capture c;
  c.format = dossier::ImageFormat::kWsq;
  c.width = static_cast<int>(kept.print.width());
  c.height = static_cast<int>(kept.print.height());
  c.ppi = 500;
  c.image = std::move(wsq).value();
  c.quality = kept.quality;
  c.retries = static_cast<int>(f.attempts.size()) - 1;
  c.accepted_below_threshold = !f.approved_by.empty();
  c.captured_at = at;
  slot.status = dossier::FingerStatus::kCaptured;
  slot.capture = std::move(c);
  return slot;
}

namespace {

hal::Status decide(bio::TenPrintSession& session, int position, const FingerCaptureOptions& options) {
  if (!options.supervisor_for) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "finger " + std::to_string(position) + " used its attempts; a supervisor must decide");
  }
  auto id = options.supervisor_for(position);
  if (!id) return id.error();
  const bool kept_best = session.accept_best(*id).ok();
  if (!kept_best) HAL_TRY(session.declare_missing(position, bio::MissingReason::kUnableToPrint, *id));
  if (options.on_decision) options.on_decision(position, *id, kept_best);
  return {};
}

hal::Status roll_one(bio::TenPrintSession& session, hal::RolledScanner& scanner, const FingerCaptureOptions& options,
                     int position) {
  if (options.before_finger) HAL_TRY(options.before_finger(position));
  while (session.current() == position && !session.awaiting_supervisor()) {
    const std::size_t number = session.finger(position).attempts.size() + 1;
    if (options.before_roll) options.before_roll(position, number);
    auto attempt = bio::capture_roll(scanner, options.roll);
    if (!attempt) return attempt.error();
    if (options.on_attempt) HAL_TRY(options.on_attempt(position, number, *attempt));
    auto outcome = session.record(std::move(attempt).value());
    if (!outcome) return outcome.error();
    if (options.on_roll) options.on_roll(position, outcome->message);
  }
  if (session.current() == position) HAL_TRY(decide(session, position, options));
  return {};
}

}  // namespace

hal::Status roll_fingers(bio::TenPrintSession& session, hal::RolledScanner& scanner, const FingerCaptureOptions& options) {
  while (auto position = session.current()) {
    HAL_TRY(roll_one(session, scanner, options, *position));
    if (options.on_finger_done) HAL_TRY(options.on_finger_done(*position));
  }
  return {};
}

hal::Status capture_fingers(Enrollment& enrollment, hal::RolledScanner& scanner, const FingerCaptureOptions& options) {
  const std::vector<int> left = enrollment.progress().fingers_left;
  if (left.empty()) return {};
  bio::TenPrintConfig config;
  config.max_attempts = options.max_attempts;
  config.min_quality = options.min_quality;
  config.positions = left;
  auto session = bio::TenPrintSession::start(config);
  if (!session) return session.error();
  std::string supervisor;
  FingerCaptureOptions each = options;
  each.on_decision = [&](int position, const std::string& id, bool kept_best) {
    supervisor = id;
    if (options.on_decision) options.on_decision(position, id, kept_best);
  };
  each.on_finger_done = [&](int position) -> hal::Status {
    auto slot = finger_slot(session->finger(position), std::chrono::system_clock::now());
    if (!slot) return slot.error();
    HAL_TRY(enrollment.save_finger(position, *slot));
    return options.on_finger_done ? options.on_finger_done(position) : hal::Status{};
  };
  HAL_TRY(roll_fingers(*session, scanner, each));
  if (!supervisor.empty()) HAL_TRY(enrollment.approve(supervisor));
  return {};
}

}  // namespace station::workflow
