// Issuing a card: a sealed dossier (or a test holder) turned into the chip's
// files, EF.SOD signed by the document signer, written through the journal
// so that a pulled card resumes, read back and locked; the dossier moves to
// personalized before the journal is cleared. The `station card personalize`
// command, the enrollment desk's card step and the kiosk all call this.
// Nothing here prints or asks: lines of progress go to `note`.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include "hal/card_terminal.hpp"
#include "hal/clock.hpp"
#include "hal/key_store.hpp"
#include "hal/result.hpp"
#include "station/card/card_image.hpp"
#include "station/card/holder_data.hpp"
#include "station/card/personalizer.hpp"
#include "station/store/store.hpp"

namespace station::workflow {

struct CardIssueOptions {
  std::filesystem::path journal_dir;             // [card] journal_dir
  std::string reader;                            // "" = any reader holding a card
  std::string signer_key = "document-signer";    // in the key store
  std::filesystem::path csca;                    // "" = the signed files are not checked before writing
  std::size_t face_bytes = 16000;                // [card] face_bytes: DG2's JPEG 2000 size
  unsigned attempts = 5;                         // card insertions
  std::chrono::milliseconds wait{10000};         // [card] wait_timeout_ms
  std::chrono::hours journal_expiry{48};         // [card] journal_expiry_hours
  std::string wrap_key = "station-rsa";          // [store] wrap_key, which seals the journal's image
  bool restart = false;                          // abandon an unfinished personalisation
};

// What the card needs of the station. The key store is opened only when it
// is needed (a new image to sign, a journal to unseal), so that its errors
// come when they did from the command line.
struct CardIssueDevices {
  hal::CardTerminal& terminal;
  std::function<hal::Result<hal::KeyStore*>()> keys;
  const hal::Clock& clock;
};

struct CardIssued {
  card::CardImage image;
  card::PersonalizeReport report;
  std::string can;  // the access number to print on the card ("" when the image has none)
};

// A line of progress for the officer.
using CardNote = std::function<void(const std::string&)>;
// Records on the audit log that an abandoned journal was deleted.
using JournalAudit = std::function<hal::Status(const std::string& object, const std::string& detail)>;

// Writes `holder`'s card; `binding` names its source ("dossier:<id>:<hash>",
// "holder-file:<hash>") so that a journal is resumed only for the very same
// source. `on_card_done` runs after the card is verified and before the
// journal is cleared. Errors: the key store's, the card's, the journal's,
// kFailedPrecondition (Passive Authentication against `csca` fails).
hal::Result<CardIssued> issue_card(const CardIssueDevices& devices, const CardIssueOptions& options,
                                   const card::CardHolderData& holder, const std::string& binding,
                                   const std::function<hal::Status()>& on_card_done, const JournalAudit& audit,
                                   const CardNote& note);

// The binding of a test holder file: not its document number, since the
// journal's log holds nothing of a holder.
std::string holder_file_binding(const card::CardHolderData& holder);

// Writes the card of sealed dossier `id`, its viewing audited under `actor`,
// then records it personalized (`mark_personalized`, by default the store's
// transition, so that an enrollment can keep its view current).
// Errors: kFailedPrecondition (not sealed), issue_card's, the store's.
hal::Result<CardIssued> issue_dossier_card(const CardIssueDevices& devices, const CardIssueOptions& options,
                                           store::Store& store, const std::string& id, const std::string& actor,
                                           const CardNote& note,
                                           const std::function<hal::Status()>& mark_personalized = {});

}  // namespace station::workflow
