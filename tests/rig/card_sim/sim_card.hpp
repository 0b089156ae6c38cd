// The simulated card as vpcd sees it: an ATR, power control, and APDUs in,
// responses out.
#pragma once

#include <optional>

#include "card_state.hpp"
#include "dispatcher.hpp"
#include "t0_adapter.hpp"

namespace card_sim {

struct SimCardOptions {
  bool t0 = false;              // answer like a T=0 card (61xx, 6Cxx)
  bool extended_length = true;  // accept extended Lc/Le (never with T=0)
};

class SimCard {
 public:
  SimCard(FileSystem files, SimCardOptions options);

  const hal::Bytes& atr() const { return atr_; }
  // Power on, power off and reset all drop the selection, as on a real card.
  void reset();
  // A whole response APDU: data then SW1-SW2.
  hal::Bytes process(hal::ByteView command);

 private:
  CardState state_;
  Dispatcher dispatcher_;
  std::optional<T0Adapter> t0_;
  hal::Bytes atr_;
};

}  // namespace card_sim
