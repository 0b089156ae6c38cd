// How a T=0 card answers the same commands: T=0 cannot return data in the
// same exchange as command data, so a case 4 command gets 61xx and the data
// waits for GET RESPONSE; a case 2 command whose Le does not match what the
// card has gets 6Cxx (ISO/IEC 7816-3 section 10.3.4, 7816-4 section 5.3.4).
#pragma once

#include "dispatcher.hpp"

namespace card_sim {

class T0Adapter {
 public:
  hal::ResponseApdu process(Dispatcher& dispatcher, CardState& state, hal::ByteView raw);

  // A reset drops data waiting for GET RESPONSE.
  void reset() { pending_.clear(); }

 private:
  hal::ResponseApdu get_response(const hal::CommandApdu& command);
  hal::ResponseApdu hold_back(hal::ResponseApdu response);

  hal::Bytes pending_;
  std::uint16_t pending_sw_ = 0;
};

}  // namespace card_sim
