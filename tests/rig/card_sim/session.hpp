// The simulator's life on the vpcd link: control codes, APDUs, and the
// faults it was told to play (vanishing, stalling).
#pragma once

#include "sim_card.hpp"
#include "sim_options.hpp"

namespace card_sim {

// Runs until vpcd closes the link or the card vanishes for good; returns the
// process exit code (0, or 1 when vpcd never answered).
int run_session(SimCard& card, const SimOptions& options);

}  // namespace card_sim
