// A rig (pcscd + vpcd + card-sim) whose card starts issued (issued_card.hpp),
// for CMocka setup and teardown, and the reads every rig test repeats.
#pragma once

#include <string>
#include <vector>

#include "issued_card.hpp"
#include "rig_fixture.hpp"
#include "station/card/access/secure_channel.hpp"

namespace card_access_test {

struct AccessRig {
  void* rig_state = nullptr;  // rig_test::Fixture, owned
  std::filesystem::path dir;
  IssuedCard card;

  rig_test::Fixture& rig() { return rig_test::fixture(&rig_state); }
  hal::CardTerminal& terminal() { return *rig().terminal; }
};

// Issues a card into a fresh folder and starts the rig with card-sim
// --state on it plus `card_args`. 0, or -1 after printing why.
int start(void** state, std::vector<std::string> card_args = {});
int stop(void** state);

inline AccessRig& access_rig(void** state) { return *static_cast<AccessRig*>(*state); }

// Connects to the rig's reader (the card is reset by nothing: pcscd keeps it
// powered), failing the test on error.
void connect(AccessRig& rig);

// SELECT DG1 then READ BINARY of its first bytes through `channel`.
hal::Result<hal::ResponseApdu> read_dg1(hal::CardTerminal& channel);

}  // namespace card_access_test
