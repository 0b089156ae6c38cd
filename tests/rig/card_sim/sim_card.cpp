#include "sim_card.hpp"

#include "atr.hpp"
#include "challenge_command.hpp"
#include "file_commands.hpp"

namespace card_sim {

SimCard::SimCard(FileSystem files, SimCardOptions options)
    : state_{std::move(files), {}},
      // T=0 transports at most 255 command bytes and 256 response bytes.
      dispatcher_(options.extended_length && !options.t0),
      atr_(make_atr({options.t0, options.extended_length && !options.t0})) {
  add_file_commands(dispatcher_);
  add_challenge_command(dispatcher_);
  if (options.t0) t0_.emplace();
}

void SimCard::reset() {
  state_.files.reset_selection();
  if (t0_) t0_->reset();
}

hal::Bytes SimCard::process(hal::ByteView command) {
  hal::ResponseApdu response = t0_ ? t0_->process(dispatcher_, state_, command) : dispatcher_.process(state_, command);
  return response.encode();
}

}  // namespace card_sim
