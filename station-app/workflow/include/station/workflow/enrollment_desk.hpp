// The enrollment desk: one citizen's enrollment driven step by step by a
// front end (the `station enroll` command, the kiosk), with the desk's rules
// that are not the dossier's: the officer's session locks itself when left
// idle and the officer logs in again before anything goes on; exceptions
// wait for a supervisor, who logs in on first need and may not be the
// enrolling officer; a resumed draft's viewing is audited first; the card
// is issued at the desk when a reader is given. Nothing here prints, asks or
// reads the command line: inputs come from DeskInputs, people and progress
// go through a DeskObserver, errors are values.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "hal/clock.hpp"
#include "hal/result.hpp"
#include "hal/rolled_scanner.hpp"
#include "station/biometrics/synthetic_hand.hpp"
#include "station/biometrics/raw_image.hpp"
#include "station/dossier/dossier.hpp"
#include "station/officers/session.hpp"
#include "station/store/store.hpp"
#include "station/workflow/card_issue.hpp"
#include "station/workflow/enrollment.hpp"

namespace station::workflow {

// Where the steps' inputs come from: a form or prompts (`retry` true: a
// refused face is asked for again), or a file or seed judged whole before
// the draft exists (fixed_inputs()).
struct DeskInputs {
  std::function<hal::Result<dossier::Demographics>()> demographics;
  std::function<hal::Result<dossier::Capture>()> face;
  // The officer has read the dossier back: seal it? false leaves it a draft.
  std::function<hal::Result<bool>(const dossier::Dossier&)> confirm_seal;
  std::uint64_t hand_seed = 1;  // the synthetic scanner's citizen
  bool retry = false;
};

// The front end's side of the desk: who logs in, and what the officer sees.
class DeskObserver {
 public:
  virtual ~DeskObserver() = default;
  // The officer's session locked itself while idle: log the same officer in
  // again (then unlock it) or fail.
  virtual hal::Status log_in_again(officers::Session& session) = 0;
  // Supervisor `id` logs in (PIN and finger) `why` ("to approve finger 3 ...").
  virtual hal::Result<officers::Session> log_in_supervisor(const std::string& id, const std::string& why) = 0;
  // How the officer goes on with dossier `id` later, for refusals that leave
  // it a draft (`with_supervisor`: naming a supervisor this time).
  virtual std::string resume_hint(const std::string& id, bool with_supervisor) {
    return "resume dossier " + id + (with_supervisor ? " with a supervisor at the desk" : "");
  }

  virtual void opened(const std::string& /*dossier_id*/, const std::string& /*officer_id*/) {}
  virtual void step_started(Step /*step*/) {}
  // `what` ("begin", or a step's name) is stored: a power cut now loses nothing of it.
  virtual void stored(std::string_view /*what*/) {}
  virtual void face_refused(const hal::Error& /*why*/) {}
  virtual void finger_started(int /*position*/) {}
  virtual void roll_done(int /*position*/, const std::string& /*message*/) {}
  virtual void card_note(const std::string& /*line*/) {}
  virtual void card_issued(const CardIssued& /*issued*/) {}
};

// Hands every event to `inner`: the base of observers that add to another
// (a log, a test hook) without repeating it.
class RelayDeskObserver : public DeskObserver {
 public:
  explicit RelayDeskObserver(DeskObserver& inner) : inner_(inner) {}
  hal::Status log_in_again(officers::Session& session) override { return inner_.log_in_again(session); }
  hal::Result<officers::Session> log_in_supervisor(const std::string& id, const std::string& why) override {
    return inner_.log_in_supervisor(id, why);
  }
  std::string resume_hint(const std::string& id, bool with_supervisor) override {
    return inner_.resume_hint(id, with_supervisor);
  }
  void opened(const std::string& id, const std::string& officer) override { inner_.opened(id, officer); }
  void step_started(Step step) override { inner_.step_started(step); }
  void stored(std::string_view what) override { inner_.stored(what); }
  void face_refused(const hal::Error& why) override { inner_.face_refused(why); }
  void finger_started(int position) override { inner_.finger_started(position); }
  void roll_done(int position, const std::string& message) override { inner_.roll_done(position, message); }
  void card_note(const std::string& line) override { inner_.card_note(line); }
  void card_issued(const CardIssued& issued) override { inner_.card_issued(issued); }

 private:
  DeskObserver& inner_;
};

// The devices the desk uses; the scanner is opened on first need.
struct DeskDevices {
  const hal::Clock& clock;
  std::function<hal::Result<hal::RolledScanner*>()> scanner;
  // On the synthetic scanner, the citizen whose fingers it shows; null on a real one.
  biometrics::SyntheticHand* hand = nullptr;
  // Needed only when the card is issued at the desk.
  std::optional<CardIssueDevices> card;
};

struct DeskOptions {
  EnrollmentOptions enrollment;          // card_at_desk, the quality gates
  std::uint32_t max_attempts = 3;        // [capture] max_attempts
  int min_quality = 40;                  // [capture] min_quality
  std::string supervisor;                // who approves exceptions ("" = nobody is at hand)
  CardIssueOptions card;                 // with enrollment.card_at_desk
};

// A file's or a seed's inputs, judged whole (the same checks the steps
// make) before any draft is created, so a refused input leaves nothing
// behind. `source` names it in the error ("synthetic citizen 7", the file).
// The face is encoded once, to `face_bytes` of JPEG 2000.
hal::Result<DeskInputs> fixed_inputs(dossier::Demographics demographics, const biometrics::RawImage& face,
                                     std::uint64_t hand_seed, const hal::Clock& clock, const EnrollmentOptions& options,
                                     std::size_t face_bytes, const std::string& source);

// Where an enrollment to resume stands, when nothing is left at this desk.
struct Finished {
  std::string id;
  store::DossierState state;
};

class EnrollmentDesk {
 public:
  // `officer` is logged in and allowed to enroll; all must outlive the desk.
  EnrollmentDesk(store::Store& store, officers::Session& officer, DeskDevices devices, DeskOptions options,
                 DeskObserver& observer);

  // A power cut right after the seal leaves nothing to resume: the state it
  // reached, so that resuming is always safe to repeat. nullopt when steps
  // are still ahead (a draft; a sealed dossier with the card to issue here).
  hal::Result<std::optional<Finished>> finished(const std::string& id_or_prefix);

  // A new draft, or the enrollment of dossier `id_or_prefix` where it
  // stopped. Resuming shows what the draft holds, so the officer must be
  // allowed to read citizen data; the viewing is audited before it is
  // decrypted. Errors: Enrollment::begin's and resume's, kPermissionDenied.
  hal::Status begin();
  hal::Status resume(const std::string& id_or_prefix);

  // Checks the officer is still there, then runs the step ahead and stores
  // it; returns the step it ran, Step::kQueued when none was left (what is
  // ahead next: enrollment().progress()). Errors: the step's, kCancelled
  // (the officer did not seal).
  hal::Result<Step> run_next(const DeskInputs& inputs);
  // Runs the steps still ahead.
  hal::Status run_to_end(const DeskInputs& inputs);

  // Before each step and after each typed answer: false when the session
  // had locked itself and the officer logged in again (an answer typed
  // meanwhile is dropped).
  hal::Result<bool> still_attended();

  const Enrollment& enrollment() const { return *enrollment_; }

 private:
  hal::Status opened();
  hal::Result<std::string> supervisor_id(const std::string& what);
  hal::Status run_step(Step step, const DeskInputs& inputs);
  hal::Status face_step(const DeskInputs& inputs);
  hal::Status fingers_step(std::uint64_t hand_seed);
  hal::Status review_step(const DeskInputs& inputs);
  hal::Status card_step();

  store::Store& store_;
  officers::Session& officer_;
  DeskDevices devices_;
  DeskOptions options_;
  DeskObserver& observer_;
  std::optional<officers::Session> supervisor_;
  std::optional<Enrollment> enrollment_;
};

}  // namespace station::workflow
