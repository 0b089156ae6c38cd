#include "sim_card.hpp"

#include "atr.hpp"
#include "challenge_command.hpp"
#include "file_commands.hpp"
#include "put_data_command.hpp"
#include "secure/install.hpp"

namespace card_sim {

SimCard::SimCard(FileSystem files, SimCardOptions options) : SimCard(CardState{std::move(files)}, options) {}

SimCard::SimCard(CardState state, SimCardOptions options)
    : state_(std::move(state)),
      // T=0 transports at most 255 command bytes and 256 response bytes.
      dispatcher_(options.extended_length && !options.t0),
      atr_(make_atr({options.t0, options.extended_length && !options.t0})) {
  add_file_commands(dispatcher_, {options.shrink_files});
  add_challenge_command(dispatcher_);
  add_data_commands(dispatcher_);
  secure::install_access_control(dispatcher_);
  if (options.t0) t0_.emplace();
}

void SimCard::reset() {
  state_.files.reset_selection();
  dispatcher_.reset(state_);
  if (t0_) t0_->reset();
}

hal::Bytes SimCard::process(hal::ByteView command) {
  hal::ResponseApdu response = t0_ ? t0_->process(dispatcher_, state_, command) : dispatcher_.process(state_, command);
  return response.encode();
}

}  // namespace card_sim
