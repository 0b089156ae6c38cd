// The personalisation engine (card.md): writes a CardImage to the card in
// the reader so that an interruption at any APDU leaves either a card the
// next run completes, or a refusal, and never a card that passes Passive
// Authentication with anything but the image's content.
//
// Each run reconciles the card with the image, so it is the same code for a
// fresh card and for a resumed one: a file is created with its exact size
// (CREATE FILE makes it current, so no SELECT follows), written whole, and
// read back and compared; a file already there (6A89) must have that size
// and is kept if its content is right, rewritten whole otherwise (a card
// commits each APDU, not each file). Secrets are loaded with PUT DATA after
// the data groups, EF.SOD is written after the secrets (until it is
// complete, Passive Authentication fails), and the lock comes last; after it
// the card answers every write with 6985. A locked card is only checked.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "hal/card_terminal.hpp"
#include "station/card/card_image.hpp"
#include "station/card/journal.hpp"

namespace station::card {

// One line of progress for the officer ("DG2: written, 30 412 bytes").
using Progress = std::function<void(const std::string&)>;

struct PersonalizeReport {
  std::size_t files_written = 0;
  std::size_t files_kept = 0;       // already right on the card (a resumed run)
  std::size_t apdus = 0;            // commands sent
  bool already_locked = false;      // the card was finished before this run
  unsigned attempts = 1;            // card insertions it took
};

// One run on a connected terminal. Errors: the terminal's (kCardRemoved ...),
// kCardStatus (the card refused a command: which and why), kCorrupt (a
// read-back differs, or the card does not keep the size it states),
// kFailedPrecondition (the card holds files of other sizes, or is locked
// with other content: it cannot take this image), the journal's (kIo).
// `apdus_sent`, when given, grows by the commands sent, also when it fails.
hal::Result<PersonalizeReport> personalize_card(hal::CardTerminal& terminal, const CardImage& image, Journal& journal,
                                                const Progress& progress, std::size_t* apdus_sent = nullptr);

struct ResumeOptions {
  std::string reader;                            // "" = any
  std::chrono::milliseconds wait{10000};         // for the card (again)
  unsigned max_attempts = 5;                     // card insertions
  // Recorded with the image when the journal begins, which is once a card
  // is there: an image (holder data, chip keys) is never on disk for a
  // card that never came.
  std::string binding{};
};

// Connects and runs personalize_card(); when the card leaves mid-way, asks
// (through `progress`) for it to come back, waits, and resumes, up to
// max_attempts insertions. Disconnects at the end. The report's `apdus`
// counts every attempt. Errors: personalize_card's,
// and those of waiting for and connecting to the card.
hal::Result<PersonalizeReport> personalize_with_resume(hal::CardTerminal& terminal, const CardImage& image,
                                                       Journal& journal, const ResumeOptions& options,
                                                       const Progress& progress);

}  // namespace station::card
