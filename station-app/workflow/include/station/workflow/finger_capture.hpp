// Capturing ten prints: the fingers a biometrics::TenPrintSession still
// needs are rolled on the scanner with its quality gates and re-captures,
// and a supervisor decides a finger whose attempts are used up. The
// enrollment's finger step saves each finger to the dossier the moment it
// has an outcome, so a crash mid-way loses at most one finger; `station
// capture` keeps the session to write its files.
#pragma once

#include <functional>
#include <string>

#include "hal/rolled_scanner.hpp"
#include "station/biometrics/roll_capture.hpp"
#include "station/workflow/enrollment.hpp"

namespace station::workflow {

struct FingerCaptureOptions {
  std::uint32_t max_attempts = 3;
  int min_quality = 40;
  biometrics::RollCaptureOptions roll;
  // Before each finger: show the officer which one (and, on the synthetic
  // scanner, put it on the glass). An error stops the step.
  std::function<hal::Status(int position)> before_finger;
  // Before each roll: which attempt of the finger this is (1, 2, ...).
  std::function<void(int position, std::size_t attempt)> before_roll;
  // Each roll as the scanner gave it, before the session judges it (a
  // preview to show or keep). An error stops the step.
  std::function<hal::Status(int position, std::size_t attempt, const biometrics::CaptureAttempt&)> on_attempt;
  // After each roll, for progress ("quality 71, kept").
  std::function<void(int position, const std::string& message)> on_roll;
  // Attempts used up: the supervisor's id, who then keeps the best print or
  // records the finger as unable to print. An error stops the step.
  std::function<hal::Result<std::string>(int position)> supervisor_for;
  // What the supervisor decided: true kept the best print, false recorded
  // the finger as unable to print.
  std::function<void(int position, const std::string& supervisor, bool kept_best)> on_decision;
  // After each finger has an outcome. An error stops the step.
  std::function<hal::Status(int position)> on_finger_done;
};

// Rolls every finger `session` still needs. Errors: the scanner's, the
// session's, and those of the callbacks.
hal::Status roll_fingers(biometrics::TenPrintSession& session, hal::RolledScanner& scanner,
                         const FingerCaptureOptions& options);

// The enrollment's finger step. Errors: roll_fingers', the store's.
hal::Status capture_fingers(Enrollment& enrollment, hal::RolledScanner& scanner, const FingerCaptureOptions& options);

// A finished finger as the dossier stores it (WSQ at 0.75 bits per pixel).
hal::Result<dossier::FingerSlot> finger_slot(const biometrics::FingerRecord& record, dossier::TimePoint at);

}  // namespace station::workflow
