// card-sim: a card for the rig, played to vpcd over TCP. See sim_options.cpp
// for the switches.
#include <cstdio>

#include "default_layout.hpp"
#include "session.hpp"
#include "state_file.hpp"

namespace {

// The card as it enters the reader: the one saved in --state if there is
// one, else a new card (saved at once, so the file always shows the card).
hal::Result<card_sim::CardState> initial_state(const card_sim::SimOptions& o) {
  if (!o.state_file.empty()) {
    auto saved = card_sim::load_state(o.state_file, o.capacity);
    if (saved || saved.error().code != hal::ErrorCode::kNotFound) return saved;
  }
  card_sim::CardState fresh{o.blank ? card_sim::blank_layout(o.capacity) : card_sim::default_layout(o.capacity)};
  if (!o.state_file.empty()) HAL_TRY(card_sim::save_state(fresh, o.state_file));
  return fresh;
}

}  // namespace

int main(int argc, char** argv) {
  auto options = card_sim::parse_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!options) {
    std::fprintf(stderr, "card-sim: %s\n%s", options.error().message.c_str(), card_sim::kUsage);
    return 2;
  }
  if (options->help) {
    std::fputs(card_sim::kUsage, stdout);
    return 0;
  }
  auto state = initial_state(*options);
  if (!state) {
    std::fprintf(stderr, "card-sim: %s\n", state.error().describe().c_str());
    return 2;
  }
  card_sim::SimCard card(std::move(*state), {options->t0, options->extended_length, options->shrink_files});
  return card_sim::run_session(card, *options);
}
