#include "station/biometrics/ten_print_session.hpp"

#include <algorithm>

namespace station::biometrics {

namespace {

constexpr std::string_view kFingerNames[kFingerCount] = {
    "right thumb", "right index", "right middle", "right ring", "right little",
    "left thumb",  "left index",  "left middle",  "left ring",  "left little",
};

hal::Error precondition(std::string message) { return hal::make_error(hal::ErrorCode::kFailedPrecondition, std::move(message)); }
hal::Error invalid(std::string message) { return hal::make_error(hal::ErrorCode::kInvalidArgument, std::move(message)); }

std::string describe(int position) { return "finger " + std::to_string(position) + " (" + std::string(finger_name(position)) + ")"; }

}  // namespace

std::string_view finger_name(int position) {
  return position >= 1 && position <= kFingerCount ? kFingerNames[position - 1] : "?";
}

std::string_view amp_code(MissingReason reason) { return reason == MissingReason::kAmputated ? "XX" : "UP"; }

hal::Result<TenPrintSession> TenPrintSession::start(TenPrintConfig config) {
  if (config.max_attempts < 1 || config.max_attempts > 10) {
    return invalid("ten-print session: max_attempts must be 1..10, not " + std::to_string(config.max_attempts));
  }
  if (config.min_quality < 0 || config.min_quality > 100) {
    return invalid("ten-print session: min_quality must be 0..100, not " + std::to_string(config.min_quality));
  }
  if (config.positions.empty()) return invalid("ten-print session: no fingers to take");
  std::vector<int> seen;
  for (int p : config.positions) {
    if (p < 1 || p > kFingerCount) return invalid("ten-print session: finger position " + std::to_string(p) + " is outside 1..10");
    if (std::find(seen.begin(), seen.end(), p) != seen.end()) {
      return invalid("ten-print session: finger " + std::to_string(p) + " is listed twice");
    }
    seen.push_back(p);
  }
  return TenPrintSession(std::move(config));
}

TenPrintSession::TenPrintSession(TenPrintConfig config) : config_(std::move(config)) {
  for (int i = 0; i < kFingerCount; ++i) fingers_[static_cast<std::size_t>(i)].position = i + 1;
  for (int p : config_.positions) record_of(p).status = FingerStatus::kPending;
}

std::optional<int> TenPrintSession::current() const {
  for (int p : config_.positions) {
    if (finger(p).status == FingerStatus::kPending) return p;
  }
  return std::nullopt;
}

FingerRecord& TenPrintSession::current_record() { return record_of(*current()); }

const FingerRecord& TenPrintSession::finger(int position) const {
  return fingers_[static_cast<std::size_t>(std::clamp(position, 1, kFingerCount) - 1)];
}

bool TenPrintSession::awaiting_supervisor() const {
  auto now = current();
  return now && finger(*now).attempts.size() >= config_.max_attempts;
}

hal::Result<AttemptOutcome> TenPrintSession::record(CaptureAttempt attempt) {
  if (complete()) return precondition("the ten-print session is complete");
  if (awaiting_supervisor()) {
    return precondition(describe(*current()) + " used its " + std::to_string(config_.max_attempts) +
                        " attempts; a supervisor must keep the best print or record the finger as missing");
  }
  if (!attempt.rejection && attempt.print.empty()) return invalid("an accepted roll must come with its print");
  if (attempt.quality < 0 || attempt.quality > 100) return invalid("quality must be 0..100, not " + std::to_string(attempt.quality));
  FingerRecord& f = current_record();
  if (attempt.rejection == RollRejection::kFramesLost) return station_loss(f, attempt.message);
  bool good = !attempt.rejection && attempt.quality >= config_.min_quality;
  std::string why = attempt.rejection ? attempt.message
                                      : "quality " + std::to_string(attempt.quality) + " is below " +
                                            std::to_string(config_.min_quality);
  f.attempts.push_back(std::move(attempt));
  if (good) {
    f.status = FingerStatus::kCaptured;
    f.kept = f.attempts.size() - 1;
    return AttemptOutcome{complete() ? NextStep::kComplete : NextStep::kNextFinger,
                          describe(f.position) + " captured, quality " + std::to_string(f.attempts.back().quality)};
  }
  if (f.attempts.size() < config_.max_attempts) {
    return AttemptOutcome{NextStep::kRetry, describe(f.position) + ": " + why + "; roll again (attempt " +
                                                std::to_string(f.attempts.size() + 1) + " of " +
                                                std::to_string(config_.max_attempts) + ")"};
  }
  return AttemptOutcome{NextStep::kNeedsSupervisor,
                        describe(f.position) + ": " + why + "; no attempts left, a supervisor must decide"};
}

hal::Result<AttemptOutcome> TenPrintSession::station_loss(FingerRecord& f, const std::string& why) {
  if (++f.station_losses > config_.max_station_losses) {
    return hal::make_error(hal::ErrorCode::kUnavailable,
                           describe(f.position) + ": " + std::to_string(f.station_losses) +
                               " rolls lost frames on the way from the scanner; the station cannot keep up "
                               "(close other programs, check the scanner's USB cable) — " + why);
  }
  return AttemptOutcome{NextStep::kRetry, describe(f.position) + ": " + why + " (the citizen's attempts are not used)"};
}

hal::Status TenPrintSession::declare_missing(int position, MissingReason reason, const std::string& supervisor) {
  if (position < 1 || position > kFingerCount) return invalid("finger position must be 1..10, not " + std::to_string(position));
  if (supervisor.empty()) return invalid("recording " + describe(position) + " as missing needs a supervisor's id");
  FingerRecord& f = record_of(position);
  if (f.status == FingerStatus::kNotTaken) return precondition(describe(position) + " is not taken in this session");
  if (f.status != FingerStatus::kPending) {
    return precondition(describe(position) + " is already " + (f.status == FingerStatus::kCaptured ? "captured" : "recorded as missing"));
  }
  f.status = FingerStatus::kMissing;
  f.missing = reason;
  f.approved_by = supervisor;
  return {};
}

hal::Status TenPrintSession::accept_best(const std::string& supervisor) {
  if (complete()) return precondition("the ten-print session is complete");
  FingerRecord& f = current_record();
  if (supervisor.empty()) return invalid("keeping a print below the quality bar needs a supervisor's id");
  if (f.attempts.size() < config_.max_attempts) {
    return precondition(describe(f.position) + " has attempts left; roll it again before a supervisor overrides");
  }
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < f.attempts.size(); ++i) {
    if (f.attempts[i].rejection) continue;
    if (!best || f.attempts[i].quality > f.attempts[*best].quality) best = i;
  }
  if (!best) return precondition("no roll of " + describe(f.position) + " gave a print; record it as unable to print instead");
  f.status = FingerStatus::kCaptured;
  f.kept = best;
  f.approved_by = supervisor;
  return {};
}

}  // namespace station::biometrics
