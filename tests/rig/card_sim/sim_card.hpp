// The simulated card as vpcd sees it: an ATR, power control, and APDUs in,
// responses out.
#pragma once

#include <cstddef>
#include <optional>

#include "card_state.hpp"
#include "dispatcher.hpp"
#include "t0_adapter.hpp"

namespace card_sim {

struct SimCardOptions {
  bool t0 = false;              // answer like a T=0 card (61xx, 6Cxx)
  bool extended_length = true;  // accept extended Lc/Le (never with T=0)
  std::size_t shrink_files = 0; // lie: CREATE FILE keeps this many bytes less than its FCP states
};

class SimCard {
 public:
  SimCard(FileSystem files, SimCardOptions options);
  // A card that already lived (card-sim --state).
  SimCard(CardState state, SimCardOptions options);

  const hal::Bytes& atr() const { return atr_; }
  // Power on, power off and reset all drop the selection, a command chain and
  // any secure channel, as on a real card.
  void reset();
  // A whole response APDU: data then SW1-SW2.
  hal::Bytes process(hal::ByteView command);

  const CardState& state() const { return state_; }
  Dispatcher& dispatcher() { return dispatcher_; }

 private:
  CardState state_;
  Dispatcher dispatcher_;
  std::optional<T0Adapter> t0_;
  hal::Bytes atr_;
};

}  // namespace card_sim
