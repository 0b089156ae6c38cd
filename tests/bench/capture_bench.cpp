// Capture figures on one core, 800 x 750 at 500 ppi: synthetic finger
// generation, stitching per frame, quality per print, and all ten prints
// from scanner frames to the ANSI/NIST transaction. Prints, asserts nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "bench_figures.hpp"
#include "station/biometrics/quality.hpp"
#include "station/biometrics/roll_stitcher.hpp"
#include "station/biometrics/synthetic_hand.hpp"
#include "station/biometrics/ten_print_record.hpp"

namespace {

using namespace station::biometrics;
using bench::Clock;
using bench::Figures;
using bench::ms_since;

// A finger's roll as the scanner would deliver it, rendered ahead of time so
// only our processing is timed.
std::vector<hal::Frame> frames_of(const SyntheticRoll& roll) {
  std::vector<hal::Frame> frames;
  for (std::uint32_t i = 0; i < roll.frame_count(); ++i) {
    frames.push_back({i, std::chrono::microseconds(i * 25000), roll.width(), roll.height(), roll.frame(i).pixels()});
  }
  return frames;
}

std::vector<std::vector<hal::Frame>> hand_rolls(std::uint64_t seed, Figures& generation) {
  SyntheticHand hand(seed);
  std::vector<std::vector<hal::Frame>> rolls;
  for (int position = 1; position <= 10; ++position) {
    auto start = Clock::now();
    auto finger = make_synthetic_finger(finger_seed(seed, position), finger_options(position));
    generation.add(ms_since(start));
    if (!finger) std::printf("finger %d: %s\n", position, finger.error().describe().c_str());
    (void)hand.present(position);
    hand.begin_session();  // the same finger again, with its roll
    rolls.push_back(frames_of(*hand.current_roll()));
  }
  return rolls;
}

CaptureAttempt stitch_and_score(const std::vector<hal::Frame>& frames, Figures& per_frame, Figures& quality) {
  RollStitcher stitcher;
  for (const hal::Frame& frame : frames) {
    auto start = Clock::now();
    auto step = stitcher.push(frame);
    per_frame.add(ms_since(start));
    if (!step || step->phase == RollPhase::kDone || step->phase == RollPhase::kRejected) break;
  }
  stitcher.finish();
  CaptureAttempt attempt{stitcher.verdict().rejection, stitcher.verdict().message, stitcher.composite(), 0};
  auto start = Clock::now();
  auto report = assess_quality(attempt.print, Impression::kRolled);
  quality.add(ms_since(start));
  attempt.quality = report ? report->score : 0;
  return attempt;
}

TenPrintRecordOptions record_options() {
  TenPrintRecordOptions o;
  o.header.type_of_transaction = "ENROL";
  o.header.date = "20250101";
  o.header.originating_agency = "STATION";
  o.header.destination_agency = "REGISTRY";
  o.header.control_number = "BENCH";
  o.source_agency = "STATION";
  o.capture_date = "20250101";
  return o;
}

}  // namespace

int main() {
  Figures generation, per_frame, quality, ten_prints, encode;
  constexpr int kHands = 3;
  std::size_t frames_total = 0;
  for (int h = 0; h < kHands; ++h) {
    auto rolls = hand_rolls(1000 + static_cast<std::uint64_t>(h), generation);
    auto session = TenPrintSession::start({}).value();
    auto start = Clock::now();
    for (const auto& frames : rolls) {
      frames_total += frames.size();
      auto outcome = session.record(stitch_and_score(frames, per_frame, quality));
      if (!outcome) {
        std::printf("session refused a roll: %s\n", outcome.error().describe().c_str());
        return 1;
      }
      if (outcome->next == NextStep::kRetry) {
        std::printf("hand %d finger %d was not accepted: %s\n", h, session.current().value_or(0), outcome->message.c_str());
        return 1;
      }
    }
    auto encode_start = Clock::now();
    auto transaction = encode_ten_print(session, record_options());
    encode.add(ms_since(encode_start));
    ten_prints.add(ms_since(start));
    if (!transaction) {
      std::printf("transaction: %s\n", transaction.error().describe().c_str());
      return 1;
    }
    std::printf("hand %d: %zu-byte ANSI/NIST transaction, qualities", h, transaction->size());
    for (const auto& f : session.fingers()) std::printf(" %d", f.attempts[*f.kept].quality);
    std::printf("\n");
  }
  std::printf("\nOne core, 800 x 750 px at 500 ppi, %zu frames in %d ten-print sessions:\n", frames_total, kHands);
  generation.print("synthetic finger generation (per finger)");
  per_frame.print("stitching (per frame; goal <= 5 ms)");
  quality.print("quality (per print; goal <= 30 ms)");
  encode.print("WSQ 0.75 + ANSI/NIST of ten prints");
  ten_prints.print("ten prints, frames to ANSI/NIST transaction");
  return 0;
}
