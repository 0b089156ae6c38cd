// `station enroll`: one citizen's enrollment, step by step over the store
// (station/workflow): demographics, face, ten rolled prints, supervisor
// approval of exceptions, review and seal, the card when it is issued at the
// desk. Each step is stored the moment it completes; `--resume ID` goes on
// from where a crash or power cut stopped it. Three ways to feed it:
// --synthetic SEED (training, the demo), --from FILE.json, or prompts.
#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "card_subcommands.hpp"
#include "commands.hpp"
#include "enroll_prompts.hpp"
#include "officer_login.hpp"
#include "store_access.hpp"
#include "station/workflow/enrollment.hpp"
#include "station/workflow/enrollment_file.hpp"
#include "station/workflow/face.hpp"
#include "station/workflow/finger_capture.hpp"
#include "station/workflow/synthetic_citizen.hpp"

namespace station {

namespace {

namespace wf = workflow;
using hal::ErrorCode;

struct EnrollArgs {
  std::optional<std::uint64_t> synthetic;
  std::string from;
  std::string resume;
  std::string officer;
  std::string supervisor;
  std::string card_reader;
  std::string card_state_dir = "/var/lib/station/card";
  std::string csca;
};

// Fault injection for the resume tests, as MCUboot's power-loss simulation:
// STATION_TEST_KILL_AT=<step> ends the process with SIGKILL right after that
// step is stored, exactly as a power cut would.
void maybe_die_after(std::string_view step) {
  const char* at = std::getenv("STATION_TEST_KILL_AT");
  if (at != nullptr && step == at) std::raise(SIGKILL);
}

void say(const std::string& line) { std::cerr << line << '\n'; }

// Who is at the desk: the enrolling officer's session, and the supervisor
// once one has logged in to approve an exception.
struct Desk {
  Context& context;
  store::Store& store;
  officers::OfficerRegistry& registry;
  officers::Session& officer;
  const EnrollArgs& args;
  std::optional<officers::Session> supervisor;

  // Before each step and after each typed answer. False: the session had
  // locked itself and the officer logged in again.
  hal::Result<bool> still_attended() {
    auto touched = officer.touch();
    if (touched) return true;
    if (!officer.locked()) return touched.error();
    HAL_TRY(log_in_again(context, registry, officer));
    return false;
  }

  // The supervisor's id, logging them in (PIN and finger) on first need.
  hal::Result<std::string> supervisor_id(wf::Enrollment& e, const std::string& what) {
    const std::string& dossier_id = e.id();
    if (!supervisor) {
      if (args.supervisor.empty()) {
        return hal::make_error(ErrorCode::kFailedPrecondition,
                               what + " need a supervisor's approval: run again with --resume " + dossier_id +
                                   " --supervisor ID");
      }
      HAL_TRY(e.check_approver(args.supervisor));
      auto session = log_in(context, store, registry, args.supervisor, "to approve " + what);
      if (!session) return session.error();
      supervisor.emplace(std::move(session).value());
    }
    HAL_TRY(supervisor->require(officers::Action::kApproveException, dossier_id));
    return supervisor->officer_id();
  }
};

// Where the steps' inputs come from.
struct Source {
  std::function<hal::Result<dossier::Demographics>()> demographics;
  std::function<hal::Result<dossier::Capture>()> face;
  std::function<hal::Result<bool>(const std::string&)> confirm;
  std::uint64_t hand_seed = 1;
  bool typed = false;  // answers come from the officer, who can be asked again
};

constexpr std::size_t kFaceBytes = 16000;

// A file's or a seed's inputs are judged whole before the draft is created,
// so a refused input leaves nothing behind.
hal::Status check_whole(const dossier::Demographics& d, const dossier::Capture& face, const dossier::PartialDate& today,
                        const wf::EnrollmentOptions& options, const std::string& source) {
  auto valid = wf::Enrollment::check_demographics(d, today);
  if (valid) valid = wf::Enrollment::check_face(face, options);
  if (!valid) return hal::make_error(valid.error().code, source + ": " + valid.error().message + " (nothing was saved)");
  return {};
}

hal::Result<Source> fixed_source(dossier::Demographics d, const biometrics::RawImage& image, std::uint64_t hand_seed,
                                 const hal::Clock& clock, const wf::EnrollmentOptions& options,
                                 const std::string& source) {
  auto capture = wf::face_capture(image, kFaceBytes, clock.now());
  if (!capture) return capture.error();
  HAL_TRY(check_whole(d, *capture, dossier::civil_date(clock.now()), options, source));
  Source s;
  s.confirm = [](const std::string&) { return hal::Result<bool>(true); };
  s.demographics = [d = std::move(d)] { return hal::Result<dossier::Demographics>(d); };
  s.face = [c = std::move(*capture)] { return hal::Result<dossier::Capture>(c); };
  s.hand_seed = hand_seed;
  return s;
}

// --synthetic or --from: read and judged before the store is opened.
hal::Result<Source> file_or_seed_source(const EnrollArgs& args, const hal::Clock& clock,
                                        const wf::EnrollmentOptions& options) {
  if (args.synthetic) {
    const std::uint64_t seed = *args.synthetic;
    return fixed_source(wf::synthetic_demographics(seed), wf::synthetic_face(seed), seed, clock, options,
                        "synthetic citizen " + std::to_string(seed));
  }
  auto file = wf::read_enrollment_file(args.from);
  if (!file) return file.error();
  const auto face_path = std::filesystem::path(args.from).parent_path() / file->face;
  auto image = biometrics::read_face_image(face_path);
  if (!image) return hal::make_error(image.error().code, args.from + ": key 'face': " + image.error().message);
  return fixed_source(std::move(file->demographics), *image, file->scanner_seed, clock, options, args.from);
}

Source typed_source(Prompter& prompter, const hal::Clock& clock) {
  Source s;
  const auto today = dossier::civil_date(clock.now());
  s.demographics = [today, &prompter] { return prompt_demographics(prompter, today); };
  s.face = [&prompter, &clock]() -> hal::Result<dossier::Capture> {
    auto image = prompt_face(prompter);
    if (!image) return image.error();
    return wf::face_capture(*image, kFaceBytes, clock.now());
  };
  s.confirm = [&prompter](const std::string& question) { return confirm(prompter, question); };
  s.typed = true;
  return s;
}

hal::Status face_step(wf::Enrollment& e, const Source& source) {
  for (;;) {
    auto capture = source.face();
    if (!capture) return capture.error();
    auto saved = e.save_face(*capture);
    if (saved) return {};
    // Only typed answers can be asked again; a file or a seed stays bad.
    if (!source.typed) return saved;
    std::cerr << "  face: " << saved.error().message << "\n";
  }
}

hal::Status fingers_step(Desk& desk, wf::Enrollment& e, std::uint64_t hand_seed) {
  Context& context = desk.context;
  context.devices().synthetic_hand() = biometrics::SyntheticHand(hand_seed);
  auto scanner = context.devices().rolled_scanner();
  if (!scanner) return scanner.error();
  wf::FingerCaptureOptions options;
  options.max_attempts = static_cast<std::uint32_t>(context.config().capture.max_attempts);
  options.min_quality = static_cast<int>(context.config().capture.min_quality);
  options.before_finger = [&](int position) -> hal::Status {
    // Rolling fingers is activity; a lock between fingers asks the log-in again.
    auto attended = desk.still_attended();
    if (!attended) return attended.error();
    say("  roll finger " + std::to_string(position) + " (" + std::string(biometrics::finger_name(position)) + ")");
    return context.devices().synthetic_hand().present(position);
  };
  options.on_roll = [](int, const std::string& message) { say("    " + message); };
  options.supervisor_for = [&](int position) {
    return desk.supervisor_id(e, "finger " + std::to_string(position) + ", which used its attempts,");
  };
  return wf::capture_fingers(e, **scanner, options);
}

hal::Status approval_step(Desk& desk, wf::Enrollment& e) {
  auto supervisor = desk.supervisor_id(e, "fingers " + positions_text(e.progress().exceptions));
  if (!supervisor) return supervisor.error();
  return e.approve(*supervisor);
}

hal::Status card_step(Desk& desk, wf::Enrollment& e) {
  HAL_TRY(desk.officer.require(officers::Action::kPersonalize, e.id()));
  PersonalizeArgs p;
  p.reader = desk.args.card_reader;
  p.state_dir = desk.args.card_state_dir;
  p.csca = desk.args.csca;
  return personalize_dossier(desk.context, p, desk.store, e.id(), e.officer(), [&e] { return e.card_issued(); });
}

hal::Status review_step(Desk& desk, wf::Enrollment& e, const Source& source) {
  print_review(desk.context.out(), e.dossier());
  auto yes = source.confirm("Seal this dossier?");
  if (!yes) return yes.error();
  if (!*yes) return hal::make_error(ErrorCode::kCancelled, "not sealed; run again with --resume " + e.id() + " to go on");
  return e.seal();
}

hal::Status run_step(Desk& desk, wf::Enrollment& e, const Source& source, wf::Step step) {
  switch (step) {
    case wf::Step::kDemographics: {
      auto d = source.demographics();
      if (!d) return d.error();
      return e.save_demographics(*d);
    }
    case wf::Step::kFace: return face_step(e, source);
    case wf::Step::kFingers: return fingers_step(desk, e, source.hand_seed);
    case wf::Step::kApproval: return approval_step(desk, e);
    case wf::Step::kReview: return review_step(desk, e, source);
    case wf::Step::kCard: return card_step(desk, e);
    case wf::Step::kQueued: return {};
  }
  return {};
}

// Runs the steps still ahead, each stored when it completes.
hal::Status run_steps(Desk& desk, wf::Enrollment& e, const Source& source) {
  for (;;) {
    auto attended = desk.still_attended();
    if (!attended) return attended.error();
    const wf::Step step = e.progress().step;
    if (step == wf::Step::kQueued) return {};
    say("Step: " + std::string(wf::to_string(step)));
    HAL_TRY(run_step(desk, e, source, step));
    maybe_die_after(wf::to_string(step));
  }
}

// A power cut right after the seal leaves nothing to resume: say so, as
// success, so that resuming is always safe to repeat.
hal::Result<bool> already_finished(Context& context, store::Store& s, const EnrollArgs& args) {
  auto id = s.resolve_id(args.resume);
  if (!id) return id.error();
  auto summary = s.summary(*id);
  if (!summary) return summary.error();
  if (summary->state == store::DossierState::kDraft) return false;
  // Sealed, with the card to issue here: the card step is still ahead.
  if (summary->state == store::DossierState::kSealed && !args.card_reader.empty()) return false;
  context.out().line("Dossier " + *id + " was already " + std::string(store::to_string(summary->state)) +
                     "; nothing is left to do at the desk.");
  context.out().document({{"dossier", *id}, {"state", store::to_string(summary->state)}});
  return true;
}

// Going on with a draft shows what it holds so far, whoever began it: the
// resuming officer must be allowed to read citizen data, and the viewing is
// on the audit log under their name before the draft is decrypted.
hal::Status note_resume(store::Store& s, officers::Session& session, const std::string& id_or_prefix) {
  auto id = s.resolve_id(id_or_prefix);
  if (!id) return id.error();
  HAL_TRY(session.require(officers::Action::kReadCitizenData, *id));
  auto summary = s.summary(*id);
  if (!summary) return summary.error();
  const std::string whose = summary->officer_id == session.officer_id() ? "" : " begun by officer " + summary->officer_id;
  return s.record_view(*id, session.officer_id(), "the draft" + whose + ", to resume its enrollment");
}

// Peak resident memory of this process so far, in KiB (Linux: ru_maxrss).
long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

hal::Status run_enroll(Context& context, const EnrollArgs& args) {
  wf::EnrollmentOptions options;
  options.card_at_desk = !args.card_reader.empty();
  options.rules.min_finger_quality = static_cast<int>(context.config().capture.min_quality);
  const hal::Clock& clock = context.devices().clock();
  std::optional<Source> source;
  if (args.synthetic || !args.from.empty()) {
    auto fixed = file_or_seed_source(args, clock, options);
    if (!fixed) return fixed.error();
    source = std::move(*fixed);
  }
  auto opened = open_store(context, true);
  if (!opened) return opened.error();
  store::Store& s = **opened;
  auto registry = open_officers(context.config());
  if (!registry) return registry.error();
  auto session = log_in(context, s, *registry, args.officer, "to enroll");
  if (!session) return session.error();
  HAL_TRY(session->require(officers::Action::kEnroll, "station"));
  Desk desk{context, s, *registry, *session, args, std::nullopt};
  Prompter prompter{std::cin, std::cerr, [&desk] { return desk.still_attended(); }};
  if (!source) source = typed_source(prompter, clock);
  if (!args.resume.empty()) {
    if (auto done = already_finished(context, s, args); !done || *done) return done ? hal::Status{} : done.error();
    HAL_TRY(note_resume(s, *session, args.resume));
  }
  auto enrollment = args.resume.empty()
                        ? wf::Enrollment::begin(s, context.devices().clock(), args.officer, options)
                        : wf::Enrollment::resume(s, context.devices().clock(), args.resume, args.officer, options);
  if (!enrollment) return enrollment.error();
  say("Enrollment of dossier " + enrollment->id() + " by officer " + args.officer);
  maybe_die_after("begin");
  HAL_TRY(run_steps(desk, *enrollment, *source));
  const long rss = peak_rss_kib();
  context.out().line("Dossier " + enrollment->id() + " is " + (options.card_at_desk ? "personalized" : "sealed") +
                     " and queued for sync.");
  say("Peak resident memory of this enrollment: " + std::to_string(rss / 1024) + " MiB");
  context.out().document({{"dossier", enrollment->id()},
                          {"officer", args.officer},
                          {"card", options.card_at_desk},
                          {"peak_rss_kib", rss}});
  return {};
}

}  // namespace

void add_enroll_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<EnrollArgs>();
  auto* cmd = app.add_subcommand("enroll", "Enroll a citizen: demographics, face, ten rolled prints, seal (and the card)");
  auto* synthetic = cmd->add_option("--synthetic", args->synthetic, "a made-up citizen for training and the demo, by seed");
  auto* from = cmd->add_option("--from", args->from, "demographics and a face image file from a JSON file");
  synthetic->excludes(from);
  cmd->add_option("--resume", args->resume, "go on with the unfinished enrollment of dossier ID (or a unique prefix)");
  cmd->add_option("--officer", args->officer, "the enrolling officer (logs in with PIN and finger)")->required();
  cmd->add_option("--supervisor", args->supervisor, "the supervisor approving exceptions (logs in when one is needed)");
  cmd->add_option("--card-reader", args->card_reader, "issue the card at the desk in this PC/SC reader");
  cmd->add_option("--card-state-dir", args->card_state_dir, "folder of the card personalisation journal")->capture_default_str();
  cmd->add_option("--csca", args->csca, "CSCA certificate(s) to check the card's signed files against");
  cmd->callback([&context, args] { context.defer([&context, args] { return run_enroll(context, *args); }); });
}

}  // namespace station
