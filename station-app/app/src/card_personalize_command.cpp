// `station card personalize`: writes a card for a holder, resumably
// (station/card/personalizer.hpp), with progress on stderr.
#include <ctime>
#include <functional>
#include <iostream>

#include "card_subcommands.hpp"
#include "officer_login.hpp"
#include "store_access.hpp"
#include "station/card/card_files.hpp"
#include "station/cms/digests.hpp"
#include "station/card/holder_from_dossier.hpp"
#include "station/card/holder_json.hpp"
#include "station/card/passive_authentication.hpp"
#include "station/card/personalizer.hpp"
#include "station/dossier/serialization.hpp"

namespace station {

namespace {

void progress(const std::string& line) { std::cerr << "  " << line << '\n'; }

// Signs before a card is touched, and checks the result against the CSCA
// when one is given, so a station with the wrong signer fails on no card.
hal::Result<card::CardImage> make_image(Context& context, const PersonalizeArgs& args,
                                        const card::CardHolderData& holder) {
  auto keys = context.devices().key_store();
  if (!keys) return keys.error();
  std::cerr << "Preparing the card's files: face in JPEG 2000, chip keys, EF.SOD signed by '" << args.signer_key
            << "'...\n";
  auto image = card::build_card_image(holder, {*keys, args.signer_key, 0, args.face_bytes});
  if (!image || args.csca.empty()) return image;
  auto csca = card::load_certificates(args.csca);
  if (!csca) return csca.error();
  auto pa = card::passive_authentication(card::data_groups_of(image->files), image->find(card::LdsFile::kSod)->content,
                                         *csca);
  if (!pa) return pa.error();
  if (!pa->passed()) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "the signed files do not pass Passive Authentication against " + args.csca + ": " +
                               pa->first_failure());
  }
  return image;
}

// The image to write: the journal's when it holds the unfinished
// personalisation of the very same source (`binding`: the dossier and its
// sealed hash), a new one otherwise. The document number alone would let a
// re-enrollment of the same citizen pick up an old, abandoned image.
hal::Result<card::CardImage> image_for(Context& context, const PersonalizeArgs& args, card::Journal& journal,
                                       const card::CardHolderData& holder, const std::string& binding) {
  if (journal.in_progress() && !args.restart) {
    auto image = journal.image(binding);
    if (image) std::cerr << "Resuming the personalisation of document " << image->document_number << " begun earlier\n";
    return image;
  }
  HAL_TRY(journal.reset());
  // Begun (the image sealed and written) by personalize_with_resume once a
  // card is in.
  return make_image(context, args, holder);
}

// Records on the audit log that an abandoned journal was deleted.
using JournalAudit = std::function<hal::Status(const std::string& object, const std::string& detail)>;

// A personalisation left unfinished for [card] journal_expiry_hours is
// abandoned: its sealed image (a citizen's data, a chip's keys) goes, and the
// audit log names what it was for. It is audited first: a deletion the log
// cannot record does not happen.
hal::Status expire_if_abandoned(Context& context, card::Journal& journal, const JournalAudit& audit) {
  const auto max_age = context.config().card.journal_expiry;
  if (!journal.expired(context.devices().clock().now(), max_age)) return {};
  const std::string binding = journal.binding().empty() ? "an unrecorded source" : journal.binding();
  const std::string object = binding.starts_with("dossier:") ? binding.substr(8, binding.find(':', 8) - 8) : binding;
  const auto begun = std::chrono::duration_cast<std::chrono::seconds>(journal.begun_at().time_since_epoch()).count();
  HAL_TRY(audit(object, "the unfinished card personalisation of " + binding + " in " + journal.dir().string() +
                            ", begun at unix time " + std::to_string(begun) + ", was abandoned for over " +
                            std::to_string(max_age.count()) + " hours ([card] journal_expiry_hours); its sealed "
                            "image was deleted"));
  std::cerr << "The unfinished card personalisation in " << journal.dir().string() << " was abandoned over "
            << max_age.count() << " hours ago: deleted\n";
  return journal.reset();
}

card::JournalKey journal_key(Context& context) {
  auto keys = context.devices().key_store();
  return {keys ? *keys : nullptr, context.config().store.wrap_key};
}

void print_report(const Output& out, const card::CardImage& image, const card::PersonalizeReport& report,
                  const PersonalizeArgs& args) {
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
                {"state_dir", args.state_dir}});
}

// The card is issued today, in the station's local time: the date an
// officer would write on it.
card::CalendarDate today(const hal::Clock& clock) {
  std::time_t now = std::chrono::system_clock::to_time_t(clock.now());
  std::tm parts{};
  localtime_r(&now, &parts);
  return {parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday};
}

// A sealed dossier's holder. A personalised one is refused, so one citizen
// never gets two cards from one enrollment; the journal, not the dossier,
// carries an interrupted card's image (its CAN and date of issue) forward.
struct DossierHolder {
  card::CardHolderData holder;
  std::string binding;  // "dossier:<id>:<SHA-256 of the sealed dossier>"
};

hal::Result<DossierHolder> holder_of_dossier(Context& context, store::Store& s, const std::string& id,
                                             const std::string& actor) {
  auto summary = s.summary(id);
  if (!summary) return summary.error();
  if (summary->state != store::DossierState::kSealed) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "dossier " + id + " is " + std::string(store::to_string(summary->state)) +
                               "; only a sealed dossier gets a card");
  }
  HAL_TRY(s.record_view(id, actor, "demographics and face, for its card"));
  auto loaded = s.load(id);
  if (!loaded) return loaded.error();
  auto can = card::random_can();
  if (!can) return can.error();
  auto holder = card::holder_from_dossier(*loaded, {today(context.devices().clock()), *can});
  if (!holder) return hal::make_error(holder.error().code, "dossier " + id + ": " + holder.error().message);
  const std::string sealed_hash = hal::to_hex(cms::sha256(dossier::encode(*loaded)));
  return DossierHolder{std::move(*holder), "dossier:" + id + ":" + sealed_hash};
}

hal::Status personalize_holder(Context& context, const PersonalizeArgs& args, const card::CardHolderData& holder,
                               const std::string& binding, const std::function<hal::Status()>& on_card_done,
                               const JournalAudit& audit) {
  auto journal = card::Journal::open(args.state_dir, journal_key(context));
  if (!journal) return journal.error();
  HAL_TRY(expire_if_abandoned(context, *journal, audit));
  auto image = image_for(context, args, *journal, holder, binding);
  if (!image) return image.error();
  card::ResumeOptions resume;
  resume.reader = chosen_reader(context, args.reader);
  resume.wait = args.wait > 0 ? std::chrono::milliseconds(static_cast<long>(args.wait * 1000))
                              : context.config().card.wait_timeout;
  resume.max_attempts = args.attempts;
  resume.binding = binding;
  std::cerr << "Waiting for a card" << (resume.reader.empty() ? "" : " in '" + resume.reader + "'") << "...\n";
  auto report = card::personalize_with_resume(context.devices().card_terminal(), *image, *journal, resume, progress);
  if (!report) return report.error();
  // The dossier moves on before the journal is cleared: a crash between the
  // two leaves a personalised dossier and a journal naming a locked card,
  // never a sealed dossier whose card is already out.
  HAL_TRY(on_card_done());
  HAL_TRY(journal->finish());
  print_report(context.out(), *image, *report, args);
  if (const card::CardSecret* can = image->secret(card::data_object::kCan)) {
    context.out().line("Access number (CAN) to print on the card: " + std::string(can->value.begin(), can->value.end()));
  }
  return {};
}

hal::Status run_personalize(Context& context, const PersonalizeArgs& args) {
  if (args.dossier.empty() == args.from.empty()) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "give the holder either as a sealed dossier (--dossier ID) or as a test file (--from FILE)");
  }
  if (!args.from.empty()) {
    auto holder = card::load_holder_json(args.from);
    if (!holder) return holder.error();
    // Not the document number: the journal's log holds nothing of a holder.
    const std::string source = card::effective_document_number(*holder) + "/" + holder->can;
    const std::string binding =
        "holder-file:" + hal::to_hex(cms::sha256(hal::ByteView(reinterpret_cast<const std::uint8_t*>(source.data()),
                                                                source.size())))
                             .substr(0, 16);
    const JournalAudit audit = [&context](const std::string& object, const std::string& detail) -> hal::Status {
      auto opened = open_store(context, true);
      if (!opened) return opened.error();
      return (*opened)->record_action(command_line_user(), "card.journal_expired", object, detail);
    };
    return personalize_holder(context, args, *holder, binding, [] { return hal::Status{}; }, audit);
  }
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
  return personalize_dossier(context, args, s, *id, session->officer_id());
}

}  // namespace

hal::Status personalize_dossier(Context& context, const PersonalizeArgs& args, store::Store& s, const std::string& id,
                                const std::string& actor, const std::function<hal::Status()>& mark_personalized) {
  auto holder = holder_of_dossier(context, s, id, actor);
  if (!holder) return holder.error();
  const JournalAudit audit = [&s, &actor](const std::string& object, const std::string& detail) {
    return s.record_action(actor, "card.journal_expired", object, detail);
  };
  // One card write per dossier at a time, across processes (store lease).
  HAL_TRY(s.begin_card_write(id, actor));
  std::function<hal::Status()> done = mark_personalized;
  if (!done) done = [&] { return s.transition(id, store::DossierState::kPersonalized, actor); };
  auto written = personalize_holder(context, args, holder->holder, holder->binding, done, audit);
  auto released = s.end_card_write(id);
  return written ? released : written;
}

void add_personalize_command(CLI::App& card, Context& context) {
  auto args = std::make_shared<PersonalizeArgs>();
  auto* cmd = card.add_subcommand("personalize",
                                   "Write a holder's card (ICAO 9303 LDS, EF.SOD signed by the document signer), "
                                   "read it back through PACE, lock it; resumes after an interruption");
  cmd->add_option("--from", args->from, "holder data as a JSON test dossier (station-app/card/examples/)");
  cmd->add_option("--dossier", args->dossier, "a sealed dossier's ID (or a unique prefix of it) in the store");
  cmd->add_option("--as", args->as, "with --dossier: the officer writing the card (logs in with PIN and finger)");
  cmd->add_option("--state-dir", args->state_dir, "folder of the personalisation journal")->capture_default_str();
  cmd->add_option("--reader", args->reader, "PC/SC reader name (default: [card] reader)");
  cmd->add_option("--signer-key", args->signer_key, "document-signer key in the key store")->capture_default_str();
  cmd->add_option("--csca", args->csca, "CSCA certificate(s) to check the signed files against before writing");
  cmd->add_option("--face-bytes", args->face_bytes, "JPEG 2000 size of the face in DG2")
      ->check(CLI::Range(1000, 60000))
      ->capture_default_str();
  cmd->add_option("--attempts", args->attempts, "card insertions to try before giving up")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd->add_option("--wait", args->wait, "seconds to wait for the card (default: [card] wait_timeout_ms)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--restart", args->restart, "abandon an unfinished personalisation in the state dir");
  cmd->callback([&context, args] { context.defer([&context, args] { return run_personalize(context, *args); }); });
}

}  // namespace station
