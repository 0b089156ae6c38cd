#include "station/workflow/card_issue.hpp"

#include "station/card/card_files.hpp"
#include "station/card/holder_from_dossier.hpp"
#include "station/card/passive_authentication.hpp"
#include "station/cms/digests.hpp"
#include "station/dossier/serialization.hpp"
#include "station/dossier/validation.hpp"

namespace station::workflow {

namespace {

// Signs before a card is touched, and checks the result against the CSCA
// when one is given, so a station with the wrong signer fails on no card.
hal::Result<card::CardImage> make_image(const CardIssueDevices& devices, const CardIssueOptions& options,
                                        const card::CardHolderData& holder, const CardNote& note) {
  auto keys = devices.keys();
  if (!keys) return keys.error();
  note("Preparing the card's files: face in JPEG 2000, chip keys, EF.SOD signed by '" + options.signer_key + "'...");
  auto image = card::build_card_image(holder, {*keys, options.signer_key, 0, options.face_bytes});
  if (!image || options.csca.empty()) return image;
  auto csca = card::load_certificates(options.csca);
  if (!csca) return csca.error();
  auto pa = card::passive_authentication(card::data_groups_of(image->files), image->find(card::LdsFile::kSod)->content,
                                         *csca);
  if (!pa) return pa.error();
  if (!pa->passed()) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "the signed files do not pass Passive Authentication against " + options.csca.string() +
                               ": " + pa->first_failure());
  }
  return image;
}

// The image to write: the journal's when it holds the unfinished
// personalisation of the very same source (`binding`: the dossier and its
// sealed hash), a new one otherwise. The document number alone would let a
// re-enrollment of the same citizen pick up an old, abandoned image.
hal::Result<card::CardImage> image_for(const CardIssueDevices& devices, const CardIssueOptions& options,
                                       card::Journal& journal, const card::CardHolderData& holder,
                                       const std::string& binding, const CardNote& note) {
  if (journal.in_progress() && !options.restart) {
    auto image = journal.image(binding);
    if (image) note("Resuming the personalisation of document " + image->document_number + " begun earlier");
    return image;
  }
  HAL_TRY(journal.reset());
  // Begun (the image sealed and written) by personalize_with_resume once a
  // card is in.
  return make_image(devices, options, holder, note);
}

// A personalisation left unfinished for [card] journal_expiry_hours is
// abandoned: its sealed image (a citizen's data, a chip's keys) goes, and the
// audit log names what it was for. It is audited first: a deletion the log
// cannot record does not happen.
hal::Status expire_if_abandoned(const CardIssueDevices& devices, const CardIssueOptions& options,
                                card::Journal& journal, const JournalAudit& audit, const CardNote& note) {
  const auto max_age = options.journal_expiry;
  if (!journal.expired(devices.clock.now(), max_age)) return {};
  const std::string binding = journal.binding().empty() ? "an unrecorded source" : journal.binding();
  const std::string object = binding.starts_with("dossier:") ? binding.substr(8, binding.find(':', 8) - 8) : binding;
  const auto begun = std::chrono::duration_cast<std::chrono::seconds>(journal.begun_at().time_since_epoch()).count();
  HAL_TRY(audit(object, "the unfinished card personalisation of " + binding + " in " + journal.dir().string() +
                            ", begun at unix time " + std::to_string(begun) + ", was abandoned for over " +
                            std::to_string(max_age.count()) + " hours ([card] journal_expiry_hours); its sealed "
                            "image was deleted"));
  note("The unfinished card personalisation in " + journal.dir().string() + " was abandoned over " +
       std::to_string(max_age.count()) + " hours ago: deleted");
  return journal.reset();
}

card::JournalKey journal_key(const CardIssueDevices& devices, const CardIssueOptions& options) {
  auto keys = devices.keys();
  return {keys ? *keys : nullptr, options.wrap_key};
}

// A sealed dossier's holder. A personalised one is refused, so one citizen
// never gets two cards from one enrollment; the journal, not the dossier,
// carries an interrupted card's image (its CAN and date of issue) forward.
struct DossierHolder {
  card::CardHolderData holder;
  std::string binding;  // "dossier:<id>:<SHA-256 of the sealed dossier>"
};

hal::Result<DossierHolder> holder_of_dossier(const hal::Clock& clock, store::Store& s, const std::string& id,
                                             const std::string& actor) {
  auto summary = s.summary(id);
  if (!summary) return summary.error();
  if (summary->state != store::DossierState::kSealed) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "dossier " + id + " is " + std::string(store::to_string(summary->state)) +
                               "; only a sealed dossier gets a card");
  }
  HAL_TRY(s.record_view(id, actor, "demographics and face, for its card"));
  auto loaded = s.load_sealed(id);
  if (!loaded) return loaded.error();
  auto can = card::random_can();
  if (!can) return can.error();
  // The card is issued today, in the station's local time: the date an
  // officer would write on it.
  auto holder = card::holder_from_dossier(loaded->dossier, {dossier::civil_date(clock.now()), *can});
  if (!holder) return hal::make_error(holder.error().code, "dossier " + id + ": " + holder.error().message);
  return DossierHolder{std::move(*holder), "dossier:" + id + ":" + hal::to_hex(loaded->content_hash)};
}

std::string can_of(const card::CardImage& image) {
  const card::CardSecret* can = image.secret(card::data_object::kCan);
  return can ? std::string(can->value.begin(), can->value.end()) : std::string();
}

}  // namespace

hal::Result<CardIssued> issue_card(const CardIssueDevices& devices, const CardIssueOptions& options,
                                   const card::CardHolderData& holder, const std::string& binding,
                                   const std::function<hal::Status()>& on_card_done, const JournalAudit& audit,
                                   const CardNote& note) {
  auto journal = card::Journal::open(options.journal_dir, journal_key(devices, options));
  if (!journal) return journal.error();
  HAL_TRY(expire_if_abandoned(devices, options, *journal, audit, note));
  auto image = image_for(devices, options, *journal, holder, binding, note);
  if (!image) return image.error();
  card::ResumeOptions resume;
  resume.reader = options.reader;
  resume.wait = options.wait;
  resume.max_attempts = options.attempts;
  resume.binding = binding;
  note("Waiting for a card" + (resume.reader.empty() ? std::string() : " in '" + resume.reader + "'") + "...");
  auto report = card::personalize_with_resume(devices.terminal, *image, *journal, resume,
                                              [&note](const std::string& line) { note("  " + line); });
  if (!report) return report.error();
  // The dossier moves on before the journal is cleared: a crash between the
  // two leaves a personalised dossier and a journal naming a locked card,
  // never a sealed dossier whose card is already out.
  HAL_TRY(on_card_done());
  HAL_TRY(journal->finish());
  std::string can = can_of(*image);
  return CardIssued{std::move(*image), *report, std::move(can)};
}

std::string holder_file_binding(const card::CardHolderData& holder) {
  const std::string source = card::effective_document_number(holder) + "/" + holder.can;
  const hal::ByteView bytes(reinterpret_cast<const std::uint8_t*>(source.data()), source.size());
  return "holder-file:" + hal::to_hex(cms::sha256(bytes)).substr(0, 16);
}

hal::Result<CardIssued> issue_dossier_card(const CardIssueDevices& devices, const CardIssueOptions& options,
                                           store::Store& s, const std::string& id, const std::string& actor,
                                           const CardNote& note, const std::function<hal::Status()>& mark_personalized) {
  auto holder = holder_of_dossier(devices.clock, s, id, actor);
  if (!holder) return holder.error();
  const JournalAudit audit = [&s, &actor](const std::string& object, const std::string& detail) {
    return s.record_action(actor, "card.journal_expired", object, detail);
  };
  const std::function<hal::Status()> transition = [&] {
    return s.transition(id, store::DossierState::kPersonalized, actor);
  };
  // One card write per dossier at a time, across processes (store lease).
  HAL_TRY(s.begin_card_write(id, actor));
  auto issued = issue_card(devices, options, holder->holder, holder->binding,
                           mark_personalized ? mark_personalized : transition, audit, note);
  auto released = s.end_card_write(id);
  if (!issued) return issued.error();
  if (!released) return released.error();
  return issued;
}

}  // namespace station::workflow
