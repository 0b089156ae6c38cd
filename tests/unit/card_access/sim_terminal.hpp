// The simulated card of tests/rig, driven in-process behind a
// FakeCardTerminal: the reader's code meets the card's code without pcscd.
// The rig tests (tests/card_access) do the same through the real stack.
#pragma once

#include <memory>
#include <string>

#include "default_layout.hpp"
#include "fake_card_terminal.hpp"
#include "put_data_command.hpp"
#include "sim_card.hpp"
#include "station/card/access/access_key.hpp"
#include "station/card/access/put_data.hpp"

namespace access_test {

inline hal::Bytes bytes(const char* hex_text) { return hal::from_hex(hex_text).value(); }

// EF.CardAccess with one PACEInfo for id-PACE-ECDH-GM-AES-CBC-CMAC-128:
// appendix G.1's file (parameter 13, brainpoolP256r1), and the same with 12.
inline const char* const kCardAccessBrainpool = "31143012060A04007F0007020204020202010202010D";
inline const char* const kCardAccessNist = "31143012060A04007F0007020204020202010202010C";

inline const station::card::access::MrzFields kHolderMrz{"C4X7N2P91", "920315", "310314"};
inline const char* const kHolderCan = "482913";

class SimTerminal {
 public:
  explicit SimTerminal(bool extended = true, bool t0 = false)
      : card(card_sim::default_layout(), {t0, extended && !t0, 0}) {
    terminal.add_reader("R0");
    terminal.insert_card("R0", card.atr(), [this](const hal::CommandApdu& c) { return exchange(c); });
    if (extended && !t0) terminal.set_capabilities({hal::CardProtocol::kT1, 65535, 65536, true});
    (void)terminal.connect("R0");
  }
  SimTerminal(const SimTerminal&) = delete;
  SimTerminal& operator=(const SimTerminal&) = delete;

  // Sends plain, as personalization does; returns the status word.
  std::uint16_t plain(const hal::CommandApdu& command) { return exchange(command).sw; }
  std::uint16_t plain(const char* hex_command) { return plain(hal::CommandApdu::parse(bytes(hex_command)).value()); }

  // Power cycle: the card forgets its session.
  void reset() { card.reset(); }

  card_sim::SimCard card;
  hal::FakeCardTerminal terminal;

 private:
  hal::ResponseApdu exchange(const hal::CommandApdu& command) {
    return hal::ResponseApdu::parse(card.process(command.encode().value())).value();
  }
};

}  // namespace access_test
