// `station card personalize`: writes a card for a holder, resumably, through
// the card's use case (station/workflow/card_issue.hpp), with progress on
// stderr.
#include <iostream>

#include "card_subcommands.hpp"
#include "officer_login.hpp"
#include "store_access.hpp"
#include "station/card/holder_json.hpp"

namespace station {

namespace {

struct PersonalizeArgs {
  std::string from;
  std::string dossier;
  std::string as;         // the officer writing a dossier's card (logs in)
  std::string state_dir;  // "" = [card] journal_dir
  std::string reader;
  std::string signer_key = "document-signer";
  std::string csca;
  std::size_t face_bytes = 0;  // 0 = [card] face_bytes
  unsigned attempts = 5;
  double wait = 0;
  bool restart = false;
};

workflow::CardIssueOptions options_of(const Context& context, const PersonalizeArgs& args) {
  workflow::CardIssueOptions options = card_issue_options(context);
  if (!args.state_dir.empty()) options.journal_dir = args.state_dir;
  options.reader = chosen_reader(context, args.reader);
  options.signer_key = args.signer_key;
  options.csca = args.csca;
  if (args.face_bytes != 0) options.face_bytes = args.face_bytes;
  options.attempts = args.attempts;
  if (args.wait > 0) options.wait = std::chrono::milliseconds(static_cast<long>(args.wait * 1000));
  options.restart = args.restart;
  return options;
}

hal::Status print_result(Context& context, const hal::Result<workflow::CardIssued>& issued,
                         const workflow::CardIssueOptions& options) {
  if (!issued) return issued.error();
  print_card_issued(context.out(), *issued, options.journal_dir.string());
  return {};
}

// A test holder file: nothing in the store is read, but an expired journal
// is still recorded on its audit log.
hal::Status personalize_file(Context& context, const PersonalizeArgs& args) {
  auto holder = card::load_holder_json(args.from);
  if (!holder) return holder.error();
  const workflow::JournalAudit audit = [&context](const std::string& object, const std::string& detail) -> hal::Status {
    auto opened = open_store(context, true);
    if (!opened) return opened.error();
    return (*opened)->record_action(command_line_user(), "card.journal_expired", object, detail);
  };
  const auto options = options_of(context, args);
  return print_result(context,
                      workflow::issue_card(card_issue_devices(context), options, *holder,
                                           workflow::holder_file_binding(*holder), [] { return hal::Status{}; }, audit,
                                           card_note),
                      options);
}

hal::Status run_personalize(Context& context, const PersonalizeArgs& args) {
  if (args.dossier.empty() == args.from.empty()) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "give the holder either as a sealed dossier (--dossier ID) or as a test file (--from FILE)");
  }
  if (!args.from.empty()) return personalize_file(context, args);
  if (args.as.empty()) {
    return hal::make_error(hal::ErrorCode::kPermissionDenied,
                           "writing a dossier's card shows its citizen data: give --as OFFICER_ID, who logs in");
  }
  auto opened = open_store(context, true);
  if (!opened) return opened.error();
  store::Store& s = **opened;
  auto id = s.resolve_id(args.dossier);
  if (!id) return id.error();
  auto registry = open_officers(context.config());
  if (!registry) return registry.error();
  auto session = log_in(context, s, *registry, args.as, "to write the card of dossier " + id->substr(0, 8));
  if (!session) return session.error();
  HAL_TRY(session->require(officers::Action::kPersonalize, *id));
  const auto options = options_of(context, args);
  return print_result(
      context, workflow::issue_dossier_card(card_issue_devices(context), options, s, *id, session->officer_id(), card_note),
      options);
}

}  // namespace

workflow::CardIssueOptions card_issue_options(const Context& context) {
  const Config& config = context.config();
  workflow::CardIssueOptions options;
  options.journal_dir = config.card.journal_dir;
  options.reader = config.card.reader;
  options.face_bytes = config.card.face_bytes;
  options.wait = config.card.wait_timeout;
  options.journal_expiry = config.card.journal_expiry;
  options.wrap_key = config.store.wrap_key;
  return options;
}

workflow::CardIssueDevices card_issue_devices(Context& context) {
  return {context.devices().card_terminal(), [&context] { return context.devices().key_store(); },
          context.devices().clock()};
}

void card_note(const std::string& line) { std::cerr << line << '\n'; }

void print_card_issued(const Output& out, const workflow::CardIssued& issued, const std::string& state_dir) {
  const card::CardImage& image = issued.image;
  const card::PersonalizeReport& report = issued.report;
  const std::string mrz[3] = {image.mrz.substr(0, 30), image.mrz.substr(30, 30), image.mrz.substr(60, 30)};
  out.line(std::string(report.already_locked ? "Card already held document " : "Personalised document ") +
           image.document_number + (report.attempts > 1 ? " (" + std::to_string(report.attempts) + " insertions)" : ""));
  for (const auto& line : mrz) out.line("  " + line);
  out.line(std::to_string(report.files_written) + " files written, " + std::to_string(report.files_kept) +
           " already right, " + std::to_string(image.total_file_bytes()) + " bytes in all; " +
           std::to_string(report.apdus) + " APDUs; card locked");
  out.document({{"document_number", image.document_number},
                {"mrz", {mrz[0], mrz[1], mrz[2]}},
                {"files_written", report.files_written},
                {"files_kept", report.files_kept},
                {"bytes", image.total_file_bytes()},
                {"apdus", report.apdus},
                {"attempts", report.attempts},
                {"already_locked", report.already_locked},
                {"state_dir", state_dir}});
  if (!issued.can.empty()) out.line("Access number (CAN) to print on the card: " + issued.can);
}

void add_personalize_command(CLI::App& card, Context& context) {
  auto args = std::make_shared<PersonalizeArgs>();
  auto* cmd = card.add_subcommand("personalize",
                                   "Write a holder's card (ICAO 9303 LDS, EF.SOD signed by the document signer), "
                                   "read it back through PACE, lock it; resumes after an interruption");
  cmd->add_option("--from", args->from, "holder data as a JSON test dossier (station-app/card/examples/)");
  cmd->add_option("--dossier", args->dossier, "a sealed dossier's ID (or a unique prefix of it) in the store");
  cmd->add_option("--as", args->as, "with --dossier: the officer writing the card (logs in with PIN and finger)");
  cmd->add_option("--state-dir", args->state_dir,
                  "folder of the personalisation journal (default: [card] journal_dir, /var/lib/station/card)");
  cmd->add_option("--reader", args->reader, "PC/SC reader name (default: [card] reader)");
  cmd->add_option("--signer-key", args->signer_key, "document-signer key in the key store")->capture_default_str();
  cmd->add_option("--csca", args->csca, "CSCA certificate(s) to check the signed files against before writing");
  cmd->add_option("--face-bytes", args->face_bytes, "JPEG 2000 size of the face in DG2 (default: [card] face_bytes, 16000)")
      ->check(CLI::Range(1000, 60000));
  cmd->add_option("--attempts", args->attempts, "card insertions to try before giving up")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_option("--wait", args->wait, "seconds to wait for the card (default: [card] wait_timeout_ms)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--restart", args->restart, "abandon an unfinished personalisation in the state dir");
  cmd->callback([&context, args] { context.defer([&context, args] { return run_personalize(context, *args); }); });
}

}  // namespace station
