// card-sim: a card for the rig, played to vpcd over TCP. See sim_options.cpp
// for the switches.
#include <cstdio>

#include "default_layout.hpp"
#include "session.hpp"

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
  card_sim::SimCard card(card_sim::default_layout(), {options->t0, options->extended_length});
  return card_sim::run_session(card, *options);
}
