// `station enroll`: one citizen's enrollment at the desk
// (station/workflow/enrollment_desk.hpp), fed by --synthetic SEED (training,
// the demo), --from FILE.json, or prompts. This file parses, logs officers
// in at the terminal, wires the devices and the store, and prints what the
// desk reports; the steps and their rules are the desk's.
#include <sys/resource.h>

#include <iostream>

#include "card_subcommands.hpp"
#include "commands.hpp"
#include "enroll_prompts.hpp"
#include "officer_login.hpp"
#include "store_access.hpp"
#include "test_hooks.hpp"
#include "station/biometrics/raw_image.hpp"
#include "station/biometrics/ten_print_session.hpp"
#include "station/workflow/enrollment_desk.hpp"
#include "station/workflow/enrollment_file.hpp"
#include "station/workflow/face.hpp"
#include "station/workflow/synthetic_citizen.hpp"

namespace station {

namespace {

namespace wf = workflow;

struct EnrollArgs {
  std::optional<std::uint64_t> synthetic;
  std::string from;
  std::string resume;
  std::string officer;
  std::string supervisor;
  std::string card_reader;
  std::string card_state_dir;  // "" = [card] journal_dir
  std::string csca;
};

void say(const std::string& line) { std::cerr << line << '\n'; }

// The desk's people and progress at the terminal: log-ins read the PIN from
// standard input, progress goes to stderr, the card's report to stdout.
class TerminalDesk final : public wf::DeskObserver {
 public:
  TerminalDesk(Context& context, store::Store& store, officers::OfficerRegistry& registry, std::string state_dir)
      : context_(context), store_(store), registry_(registry), state_dir_(std::move(state_dir)) {}

  hal::Status log_in_again(officers::Session& session) override { return station::log_in_again(context_, registry_, session); }
  hal::Result<officers::Session> log_in_supervisor(const std::string& id, const std::string& why) override {
    return log_in(context_, store_, registry_, id, why);
  }
  std::string resume_hint(const std::string& id, bool with_supervisor) override {
    return "run again with --resume " + id + (with_supervisor ? " --supervisor ID" : "");
  }
  void opened(const std::string& id, const std::string& officer) override {
    say("Enrollment of dossier " + id + " by officer " + officer);
  }
  void step_started(wf::Step step) override { say("Step: " + std::string(wf::to_string(step))); }
  void face_refused(const hal::Error& why) override { say("  face: " + why.message); }
  void finger_started(int position) override {
    say("  roll finger " + std::to_string(position) + " (" + std::string(biometrics::finger_name(position)) + ")");
  }
  void roll_done(int, const std::string& message) override { say("    " + message); }
  void card_note(const std::string& line) override { station::card_note(line); }
  void card_issued(const wf::CardIssued& issued) override { print_card_issued(context_.out(), issued, state_dir_); }

 private:
  Context& context_;
  store::Store& store_;
  officers::OfficerRegistry& registry_;
  std::string state_dir_;
};

// --synthetic or --from: read and judged before the store is opened.
hal::Result<wf::DeskInputs> file_or_seed_inputs(const EnrollArgs& args, const Context& context,
                                                const hal::Clock& clock, const wf::EnrollmentOptions& options) {
  const std::size_t face_bytes = context.config().card.face_bytes;
  if (args.synthetic) {
    const std::uint64_t seed = *args.synthetic;
    return wf::fixed_inputs(wf::synthetic_demographics(seed), wf::synthetic_face(seed), seed, clock, options,
                            face_bytes, "synthetic citizen " + std::to_string(seed));
  }
  auto file = wf::read_enrollment_file(args.from);
  if (!file) return file.error();
  const auto face_path = std::filesystem::path(args.from).parent_path() / file->face;
  auto image = biometrics::read_face_image(face_path);
  if (!image) return hal::make_error(image.error().code, args.from + ": key 'face': " + image.error().message);
  return wf::fixed_inputs(std::move(file->demographics), *image, file->scanner_seed, clock, options, face_bytes,
                          args.from);
}

wf::DeskInputs typed_inputs(Prompter& prompter, const Context& context, const hal::Clock& clock) {
  wf::DeskInputs inputs;
  const auto today = dossier::civil_date(clock.now());
  const std::size_t face_bytes = context.config().card.face_bytes;
  inputs.demographics = [today, &prompter] { return prompt_demographics(prompter, today); };
  inputs.face = [&prompter, &clock, face_bytes]() -> hal::Result<dossier::Capture> {
    auto image = prompt_face(prompter);
    if (!image) return image.error();
    return wf::face_capture(*image, face_bytes, clock.now());
  };
  inputs.confirm_seal = [&prompter, &context](const dossier::Dossier& d) {
    print_review(context.out(), d);
    return confirm(prompter, "Seal this dossier?");
  };
  inputs.retry = true;
  return inputs;
}

wf::DeskOptions desk_options(Context& context, const EnrollArgs& args) {
  wf::DeskOptions options;
  options.enrollment.card_at_desk = !args.card_reader.empty();
  options.enrollment.rules.min_finger_quality = static_cast<int>(context.config().capture.min_quality);
  options.max_attempts = static_cast<std::uint32_t>(context.config().capture.max_attempts);
  options.min_quality = static_cast<int>(context.config().capture.min_quality);
  options.supervisor = args.supervisor;
  options.card = card_issue_options(context);
  if (!args.card_state_dir.empty()) options.card.journal_dir = args.card_state_dir;
  options.card.reader = chosen_reader(context, args.card_reader);
  options.card.csca = args.csca;
  return options;
}

wf::DeskDevices desk_devices(Context& context, bool card_at_desk) {
  wf::DeskDevices devices{context.devices().clock(), [&context] { return context.devices().rolled_scanner(); },
                          &context.devices().synthetic_hand(), std::nullopt};
  if (card_at_desk) devices.card.emplace(card_issue_devices(context));
  return devices;
}

// Peak resident memory of this process so far, in KiB (Linux: ru_maxrss).
long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

void print_done(Context& context, const EnrollArgs& args, const std::string& id, bool card_at_desk) {
  const long rss = peak_rss_kib();
  context.out().line("Dossier " + id + " is " + (card_at_desk ? "personalized" : "sealed") + " and queued for sync.");
  say("Peak resident memory of this enrollment: " + std::to_string(rss / 1024) + " MiB");
  context.out().document({{"dossier", id}, {"officer", args.officer}, {"card", card_at_desk}, {"peak_rss_kib", rss}});
}

hal::Status run_enroll(Context& context, const EnrollArgs& args) {
  const wf::DeskOptions options = desk_options(context, args);
  const hal::Clock& clock = context.devices().clock();
  std::optional<wf::DeskInputs> inputs;
  if (args.synthetic || !args.from.empty()) {
    auto fixed = file_or_seed_inputs(args, context, clock, options.enrollment);
    if (!fixed) return fixed.error();
    inputs = std::move(*fixed);
  }
  auto opened = open_store(context, true);
  if (!opened) return opened.error();
  store::Store& s = **opened;
  auto registry = open_officers(context.config());
  if (!registry) return registry.error();
  auto session = log_in(context, s, *registry, args.officer, "to enroll");
  if (!session) return session.error();
  HAL_TRY(session->require(officers::Action::kEnroll, "station"));
  TerminalDesk terminal(context, s, *registry, options.card.journal_dir.string());
  auto observer = wrap_desk_observer(terminal);
  wf::EnrollmentDesk desk(s, *session, desk_devices(context, options.enrollment.card_at_desk), options, *observer);
  Prompter prompter{std::cin, std::cerr, [&desk] { return desk.still_attended(); }};
  if (!inputs) inputs = typed_inputs(prompter, context, clock);
  if (!args.resume.empty()) {
    auto done = desk.finished(args.resume);
    if (!done) return done.error();
    if (*done) {
      context.out().line("Dossier " + (*done)->id + " was already " + std::string(store::to_string((*done)->state)) +
                         "; nothing is left to do at the desk.");
      context.out().document({{"dossier", (*done)->id}, {"state", store::to_string((*done)->state)}});
      return {};
    }
  }
  HAL_TRY(args.resume.empty() ? desk.begin() : desk.resume(args.resume));
  HAL_TRY(desk.run_to_end(*inputs));
  print_done(context, args, desk.enrollment().id(), options.enrollment.card_at_desk);
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
  cmd->add_option("--card-state-dir", args->card_state_dir,
                  "folder of the card personalisation journal (default: [card] journal_dir, /var/lib/station/card)");
  cmd->add_option("--csca", args->csca, "CSCA certificate(s) to check the card's signed files against");
  cmd->callback([&context, args] { context.defer([&context, args] { return run_enroll(context, *args); }); });
}

}  // namespace station
