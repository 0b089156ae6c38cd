// What personalising a blank card with an image costs on a given reader: the
// files with their sizes, how each is cut into UPDATE BINARY commands and
// (for the read-back through secure messaging) READ BINARY commands, and the
// APDU count next to the minimum the reader's APDU size allows (the
// benchmarks print both).
#pragma once

#include <cstddef>
#include <vector>

#include "hal/card_terminal.hpp"
#include "station/card/card_image.hpp"
#include "station/card/transfer_plan.hpp"

namespace station::card {

struct PlannedFile {
  LdsFile file;
  std::size_t size = 0;       // CREATE FILE fixes it: the content's size, no slack
  std::vector<Chunk> writes;  // UPDATE BINARY, plain
  std::vector<Chunk> reads;   // READ BINARY under PACE secure messaging (none for EF.CardAccess)
};

// The conversation around the files (personalizer.hpp): GET DATA of the
// lifecycle, SELECT MF, SELECT application; the PUT DATAs; the read-back as a
// citizen's reader (EF.CardAccess: SELECT MF, SELECT, READ; PACE: MSE:Set AT
// and four GENERAL AUTHENTICATE; SELECT application; a SELECT per file;
// INTERNAL AUTHENTICATE); and the lock.
inline constexpr std::size_t kSessionCommands = 3;
inline constexpr std::size_t kReaderOpeningCommands = 3 + 5 + 1;
inline constexpr std::size_t kActiveAuthenticationCommands = 1;

struct PersonalizationPlan {
  std::vector<PlannedFile> files;     // in writing order, EF.SOD last
  std::size_t put_data_commands = 0;  // secrets (chained when longer than one command) and the lock
  std::size_t apdus = 0;              // on a blank card
  // The same conversation with every file's bytes packed at the reader's
  // full APDU size: no odd-INS headers, no split at 32 767, no secure
  // messaging overhead on the reads.
  std::size_t minimum_apdus = 0;
};

PersonalizationPlan plan_personalization(const CardImage& image, const hal::ReaderCapabilities& caps);

}  // namespace station::card
