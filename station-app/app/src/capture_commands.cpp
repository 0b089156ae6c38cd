// `station capture --finger N` and `station capture --ten-print`: rolled
// prints from the scanner, stitched and scored, with re-captures and
// supervisor decisions (the capture use case, workflow::roll_fingers),
// written as PNG previews and an ANSI/NIST transaction.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "station/biometrics/an2_profile.hpp"
#include "station/biometrics/image_io.hpp"
#include "station/biometrics/roll_capture.hpp"
#include "station/biometrics/ten_print_record.hpp"
#include "station/workflow/finger_capture.hpp"

namespace station {

namespace {

namespace bio = biometrics;
namespace fs = std::filesystem;

struct CaptureArgs {
  int finger = 0;
  bool ten_print = false;
  std::string output = ".";
  std::uint64_t seed = 1;
  std::vector<std::string> faults;   // FGP:MODE[@ATTEMPT]
  std::vector<std::string> missing;  // FGP:XX|UP
  std::string supervisor;
  std::uint32_t attempts = 0;  // 0: [capture] max_attempts
  int min_quality = -1;        // -1: [capture] min_quality
  bool live = false;
  bool no_transaction = false;
};

hal::Error bad_option(const std::string& what) { return hal::make_error(hal::ErrorCode::kInvalidArgument, what); }

// "3:too-fast@2" -> finger 3, attempt 2, too fast (attempt 1 when left out).
hal::Status plan_fault(bio::SyntheticHand& hand, const std::string& text) {
  auto colon = text.find(':');
  auto at = text.find('@');
  if (colon == std::string::npos) return bad_option("--fault '" + text + "': expected FINGER:MODE[@ATTEMPT]");
  std::string mode = text.substr(colon + 1, at == std::string::npos ? std::string::npos : at - colon - 1);
  auto fault = bio::roll_fault_from_string(mode);
  if (!fault) {
    return bad_option("--fault '" + text + "': unknown mode '" + mode +
                      "' (too-fast, slip, lift-and-return, partial-contact, dry, wet)");
  }
  try {
    int position = std::stoi(text.substr(0, colon));
    unsigned long attempt = at == std::string::npos ? 1 : std::stoul(text.substr(at + 1));
    return hand.plan_fault(position, static_cast<std::uint32_t>(attempt), *fault);
  } catch (const std::exception&) {
    return bad_option("--fault '" + text + "': finger and attempt must be numbers");
  }
}

hal::Status declare_missing(bio::TenPrintSession& session, const std::string& text, const std::string& supervisor) {
  auto colon = text.find(':');
  std::string code = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (code != "XX" && code != "UP") return bad_option("--missing '" + text + "': expected FINGER:XX (amputated) or FINGER:UP (unable to print)");
  int position = 0;
  try {
    position = std::stoi(text.substr(0, colon));
  } catch (const std::exception&) {
    return bad_option("--missing '" + text + "': the finger must be a number 1..10");
  }
  auto reason = code == "XX" ? bio::MissingReason::kAmputated : bio::MissingReason::kUnableToPrint;
  return session.declare_missing(position, reason, supervisor);
}

std::string two_digits(int n) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d", n);
  return text;
}

std::string today() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y%m%d", &utc);
  return text;
}

// Progress on stderr: one line when the finger lands, one per rejected or finished roll.
bio::RollCaptureOptions roll_options(const CaptureArgs& args) {
  bio::RollCaptureOptions options;
  auto live_path = fs::path(args.output) / "live.png";
  bool live = args.live;
  options.on_frame = [live, live_path, frames = 0u, was = bio::RollPhase::kWaiting](const bio::StitchStep& step,
                                                                                    const bio::RollStitcher& stitcher) mutable {
    if (step.phase == bio::RollPhase::kRolling && was == bio::RollPhase::kWaiting) std::cerr << "  finger on the glass, rolling...\n";
    was = step.phase;
    // A live view refreshed a few times a second; a failed write only costs the view.
    if (live && step.stitched && ++frames % 8 == 0) (void)bio::write_image(live_path, stitcher.preview(4));
  };
  return options;
}

hal::Status write_preview(const fs::path& path, const bio::GreyImage& print, nlohmann::json& attempt_json) {
  HAL_TRY(bio::write_image(path, print));
  attempt_json["preview"] = path.string();
  return {};
}

// The rolls as the officer follows them on stderr, each stitched one kept as
// a PNG preview and every one described in `attempts` (the JSON output); a
// finger whose attempts are used up is decided by --supervisor.
workflow::FingerCaptureOptions capture_options(Context& context, const CaptureArgs& args,
                                               std::map<int, nlohmann::json>& attempts) {
  workflow::FingerCaptureOptions options;
  options.roll = roll_options(args);
  options.before_finger = [&context](int position) { return context.devices().synthetic_hand().present(position); };
  options.before_roll = [&args](int position, std::size_t number) {
    std::cerr << "Roll finger " << position << " (" << bio::finger_name(position) << "), attempt " << number << " of "
              << args.attempts << "\n";
  };
  options.on_attempt = [&args, &attempts](int position, std::size_t number, const bio::CaptureAttempt& attempt) -> hal::Status {
    nlohmann::json a{{"result", attempt.rejection ? std::string(bio::to_string(*attempt.rejection)) : "stitched"},
                     {"message", attempt.message}};
    if (!attempt.rejection) {
      a["quality"] = attempt.quality;
      auto file = fs::path(args.output) / ("finger-" + two_digits(position) + "-attempt-" + std::to_string(number) + ".png");
      HAL_TRY(write_preview(file, attempt.print, a));
    }
    attempts[position].push_back(a);
    return {};
  };
  options.on_roll = [](int, const std::string& message) { std::cerr << "  " << message << "\n"; };
  options.supervisor_for = [&args](int position) -> hal::Result<std::string> {
    if (!args.supervisor.empty()) return args.supervisor;
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "finger " + std::to_string(position) + " (" + std::string(bio::finger_name(position)) +
                               ") used its " + std::to_string(args.attempts) +
                               " attempts; a supervisor must decide: run again with --supervisor ID");
  };
  options.on_decision = [](int, const std::string& supervisor, bool kept_best) {
    std::cerr << "  supervisor " << supervisor
              << (kept_best ? " kept the best print\n" : " recorded the finger as unable to print (UP)\n");
  };
  return options;
}

nlohmann::json finger_json(const bio::FingerRecord& f, nlohmann::json attempts) {
  static const char* kStatus[] = {"not taken", "pending", "captured", "missing"};
  nlohmann::json j{{"position", f.position},
                   {"name", bio::finger_name(f.position)},
                   {"status", kStatus[static_cast<int>(f.status)]},
                   {"attempts", std::move(attempts)}};
  if (f.kept) {
    j["quality"] = f.attempts[*f.kept].quality;
    j["kept_attempt"] = *f.kept + 1;
  }
  if (f.missing) j["missing_code"] = bio::amp_code(*f.missing);
  if (!f.approved_by.empty()) j["approved_by"] = f.approved_by;
  return j;
}

std::string finger_line(const bio::FingerRecord& f) {
  std::string line = two_digits(f.position) + " " + std::string(bio::finger_name(f.position)) + ": ";
  if (f.status == bio::FingerStatus::kMissing) line += "missing (" + std::string(bio::amp_code(*f.missing)) + ")";
  if (f.kept) {
    line += "quality " + std::to_string(f.attempts[*f.kept].quality) + " after " + std::to_string(f.attempts.size()) +
            (f.attempts.size() == 1 ? " roll" : " rolls");
  }
  if (!f.approved_by.empty()) line += ", approved by supervisor " + f.approved_by;
  return line;
}

hal::Result<fs::path> write_transaction(const bio::TenPrintSession& session, const CaptureArgs& args) {
  std::string date = today();
  bio::TenPrintRecordOptions options;
  options.header.type_of_transaction = bio::an2_profile::kTransactionType;
  options.header.date = date;
  options.header.originating_agency = "STATION";
  options.header.destination_agency = "REGISTRY";
  options.header.control_number = "ENROL-" + date + "-" + std::to_string(args.seed);
  options.source_agency = "STATION";
  options.capture_date = date;
  auto bytes = bio::encode_ten_print(session, options);
  if (!bytes) return bytes.error();
  fs::path path = fs::path(args.output) / (args.ten_print ? "ten-print.an2" : "finger-" + two_digits(args.finger) + ".an2");
  HAL_TRY(bio::write_file(path, *bytes));
  return path;
}

hal::Result<bio::TenPrintSession> start_session(const CaptureArgs& args) {
  bio::TenPrintConfig config;
  config.max_attempts = args.attempts;
  config.min_quality = args.min_quality;
  if (!args.ten_print) config.positions = {args.finger};
  auto session = bio::TenPrintSession::start(config);
  if (!session) return session.error();
  for (const auto& m : args.missing) HAL_TRY(declare_missing(*session, m, args.supervisor));
  return session;
}

// Options left out on the command line take the configuration's values.
CaptureArgs with_config_defaults(CaptureArgs args, const CaptureConfig& config) {
  if (args.attempts == 0) args.attempts = static_cast<std::uint32_t>(config.max_attempts);
  if (args.min_quality < 0) args.min_quality = static_cast<int>(config.min_quality);
  return args;
}

hal::Status run_capture(Context& context, const CaptureArgs& given) {
  const CaptureArgs args = with_config_defaults(given, context.config().capture);
  if (args.ten_print == (args.finger != 0)) return bad_option("give either --finger N or --ten-print");
  std::error_code ec;
  fs::create_directories(args.output, ec);
  if (ec) return hal::make_error(hal::ErrorCode::kIo, "cannot create output folder '" + args.output + "': " + ec.message());
  auto session = start_session(args);
  if (!session) return session.error();
  context.devices().synthetic_hand() = bio::SyntheticHand(args.seed);
  for (const auto& f : args.faults) HAL_TRY(plan_fault(context.devices().synthetic_hand(), f));
  auto scanner = context.devices().rolled_scanner();
  if (!scanner) return scanner.error();
  std::map<int, nlohmann::json> attempts;
  HAL_TRY(workflow::roll_fingers(*session, **scanner, capture_options(context, args, attempts)));
  nlohmann::json fingers = nlohmann::json::array();
  for (const auto& f : session->fingers()) {
    if (f.status == bio::FingerStatus::kNotTaken) continue;
    context.out().line(finger_line(f));
    fingers.push_back(finger_json(f, attempts.count(f.position) ? attempts[f.position] : nlohmann::json::array()));
  }
  nlohmann::json doc{{"fingers", fingers}, {"seed", args.seed}};
  if (!args.no_transaction) {
    auto path = write_transaction(*session, args);
    if (!path) return path.error();
    context.out().line("Transaction: " + path->string());
    doc["transaction"] = path->string();
  }
  context.out().document(doc);
  return {};
}

}  // namespace

void add_capture_commands(CLI::App& app, Context& context) {
  auto args = std::make_shared<CaptureArgs>();
  auto* capture = app.add_subcommand("capture", "Take rolled fingerprints: one finger, or all ten with re-captures");
  auto* finger = capture->add_option("--finger", args->finger, "take one finger, by position (1 right thumb ... 10 left little)")
                     ->check(CLI::Range(1, 10));
  auto* ten = capture->add_flag("--ten-print", args->ten_print, "take all ten fingers in order");
  finger->excludes(ten);
  capture->add_option("-o,--output", args->output, "folder for the PNG previews and the ANSI/NIST transaction (default: .)");
  capture->add_option("--attempts", args->attempts, "rolls per finger before a supervisor must decide (default: [capture] max_attempts, 3)")
      ->check(CLI::Range(1, 10));
  capture->add_option("--min-quality", args->min_quality, "quality (0-100) below which a print is taken again (default: [capture] min_quality, 40)")
      ->check(CLI::Range(0, 100));
  capture->add_option("--supervisor", args->supervisor,
                      "supervisor id approving exceptions: missing fingers, prints kept below the quality bar");
  capture->add_option("--missing", args->missing, "FINGER:XX (amputated) or FINGER:UP (unable to print); repeatable");
  capture->add_option("--seed", args->seed, "synthetic scanner: which synthetic person is scanned (default 1)");
  capture->add_option("--fault", args->faults,
                      "synthetic scanner: FINGER:MODE[@ATTEMPT] rolls that attempt badly (too-fast, slip, "
                      "lift-and-return, partial-contact, dry, wet); repeatable");
  capture->add_flag("--live", args->live, "refresh OUTPUT/live.png with the print as it is stitched");
  capture->add_flag("--no-transaction", args->no_transaction, "write the previews only");
  capture->callback([&context, args] { context.defer([&context, args] { return run_capture(context, *args); }); });
}

}  // namespace station
