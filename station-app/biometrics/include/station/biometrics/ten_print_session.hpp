// The ten-print session: fingers in FGP order (1 right thumb ... 10 left
// little), each captured until a roll gives a good enough print or the
// attempt limit is reached; then a supervisor decides: keep the best print
// anyway, or record the finger as missing. A finger known to be missing
// (amputated, bandaged) can be declared, with a supervisor's approval, before
// its turn. Every exception carries the approving supervisor's id.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hal/result.hpp"
#include "station/biometrics/grey_image.hpp"
#include "station/biometrics/roll_stitcher.hpp"

namespace station::biometrics {

inline constexpr int kFingerCount = 10;
std::string_view finger_name(int position);  // "right thumb" ... "left little"; "?" out of range

enum class MissingReason {
  kAmputated,     // ANSI/NIST AMP code "XX"
  kUnableToPrint, // "UP": bandaged, injured, or no usable print after the attempts
};
std::string_view amp_code(MissingReason reason);

struct TenPrintConfig {
  std::uint32_t max_attempts = 3;  // rolls per finger before a supervisor must decide
  int min_quality = 40;            // a print scoring below this (0..100) is taken again
  std::vector<int> positions = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};  // the fingers to take, in this order
  // Rolls of one finger spoilt by the station itself (frames lost between
  // scanner and station) are taken again without using the citizen's
  // attempts, up to this many; one more is an error (kUnavailable).
  std::uint32_t max_station_losses = 5;
};

struct CaptureAttempt {
  std::optional<RollRejection> rejection;  // set when the stitcher refused the roll
  std::string message;                     // the stitcher's verdict, for the officer
  GreyImage print;                         // the stitched print; empty when rejected
  int quality = 0;
};

enum class FingerStatus { kNotTaken, kPending, kCaptured, kMissing };  // kNotTaken: not in this session

struct FingerRecord {
  int position = 0;
  FingerStatus status = FingerStatus::kNotTaken;
  std::vector<CaptureAttempt> attempts;
  std::optional<std::size_t> kept;       // index of the attempt whose print is kept
  std::optional<MissingReason> missing;
  std::string approved_by;               // supervisor of a missing finger or a print kept below the bar
  std::uint32_t station_losses = 0;      // rolls spoilt by lost frames, not counted as attempts
};

enum class NextStep {
  kNextFinger,       // this finger is done; capture current()
  kRetry,            // roll the same finger again
  kNeedsSupervisor,  // attempts used up: accept_best() or declare_missing()
  kComplete,         // every finger has an outcome
};

struct AttemptOutcome {
  NextStep next = NextStep::kRetry;
  std::string message;
};

class TenPrintSession {
 public:
  // Errors: kInvalidArgument (max_attempts outside 1..10, min_quality outside
  // 0..100, positions empty, repeated or outside 1..10).
  static hal::Result<TenPrintSession> start(TenPrintConfig config = {});

  // The finger to roll now; nothing when every finger has an outcome.
  std::optional<int> current() const;
  bool complete() const { return !current().has_value(); }
  // The current finger used its attempts and waits for a supervisor.
  bool awaiting_supervisor() const;

  // Records a roll of the current finger. Errors: kFailedPrecondition (the
  // session is complete, or waits for a supervisor), kInvalidArgument (a
  // print-less attempt that was not rejected, or quality outside 0..100).
  hal::Result<AttemptOutcome> record(CaptureAttempt attempt);

  // A supervisor records finger `position` as missing: at any time for a
  // finger of the session not yet captured. Errors: kInvalidArgument (position
  // outside 1..10, no supervisor id), kFailedPrecondition (not in the session,
  // already captured or missing).
  hal::Status declare_missing(int position, MissingReason reason, const std::string& supervisor);
  // A supervisor keeps the current finger's best print although it is below
  // the bar. Errors: kInvalidArgument (no supervisor id), kFailedPrecondition
  // (attempts remain, or no roll gave a print).
  hal::Status accept_best(const std::string& supervisor);

  const FingerRecord& finger(int position) const;  // position 1..10
  const std::array<FingerRecord, kFingerCount>& fingers() const { return fingers_; }
  const TenPrintConfig& config() const { return config_; }

 private:
  explicit TenPrintSession(TenPrintConfig config);
  FingerRecord& record_of(int position) { return fingers_[static_cast<std::size_t>(position - 1)]; }
  hal::Result<AttemptOutcome> station_loss(FingerRecord& f, const std::string& why);
  FingerRecord& current_record();

  TenPrintConfig config_;
  std::array<FingerRecord, kFingerCount> fingers_;
};

}  // namespace station::biometrics
