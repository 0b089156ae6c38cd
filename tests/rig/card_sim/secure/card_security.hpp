// What the simulated card knows about the reader's authentication: the
// secure messaging session, a PACE run half done, and whether the command
// being handled came under secure messaging. Lost on reset and removal (only
// CardState survives those); shared by the channel layer and the handlers
// of the authentication commands.
#pragma once

#include <optional>

#include "station/card/access/access_key.hpp"
#include "station/card/access/ec_math.hpp"
#include "station/card/access/pace.hpp"
#include "station/card/access/secure_messaging.hpp"

namespace card_sim::secure {

namespace access = station::card::access;

// PACE between MSE:Set AT and the last GENERAL AUTHENTICATE.
struct PaceRun {
  access::AccessKey password;
  access::PaceCurve curve;
  int step = 0;               // GENERAL AUTHENTICATE commands answered so far
  hal::Bytes nonce;           // s
  hal::Bytes generator;       // G~ once mapped
  hal::Bytes chip_public;     // PK_DH,IC
  hal::Bytes terminal_public; // PK_DH,IFD
  access::PaceKeys keys;
};

struct CardSecurity {
  std::optional<access::SmSession> session;
  std::optional<PaceRun> pace;
  bool chip_authentication = false;  // MSE:Set AT chose it; GENERAL AUTHENTICATE is next
  // Chip Authentication's keys, taken up once the answer that agreed them
  // has left under the old ones.
  std::optional<access::SmSession> next_session;
  bool command_secured = false;  // the command now being handled came under SM

  void reset() {
    session.reset();
    pace.reset();
    chip_authentication = false;
    next_session.reset();
    command_secured = false;
  }
};

}  // namespace card_sim::secure
