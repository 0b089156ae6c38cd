// The ten-print step of an enrollment: the fingers still to take are rolled
// on the scanner with the quality gates and re-captures of a
// biometrics::TenPrintSession, and each finger is saved to the dossier the
// moment it has an outcome, so a crash mid-way loses at most one finger.
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
  // After each roll, for progress ("quality 71, kept").
  std::function<void(int position, const std::string& message)> on_roll;
  // Attempts used up: the supervisor's id, who then keeps the best print or
  // records the finger as unable to print. An error stops the step.
  std::function<hal::Result<std::string>(int position)> supervisor_for;
};

// Errors: the scanner's, the store's, and those of the callbacks.
hal::Status capture_fingers(Enrollment& enrollment, hal::RolledScanner& scanner, const FingerCaptureOptions& options);

// A finished finger as the dossier stores it (WSQ at 0.75 bits per pixel).
hal::Result<dossier::FingerSlot> finger_slot(const biometrics::FingerRecord& record, dossier::TimePoint at);

}  // namespace station::workflow
