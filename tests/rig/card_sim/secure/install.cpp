#include "install.hpp"

#include "authentication_commands.hpp"
#include "secure_layer.hpp"

namespace card_sim::secure {

void install_access_control(Dispatcher& dispatcher) {
  auto security = std::make_shared<CardSecurity>();
  add_bac_command(dispatcher, security);
  add_pace_commands(dispatcher, security);
  add_aa_command(dispatcher, security);
  dispatcher.set_channel_layer(std::make_unique<SecureLayer>(security));
}

}  // namespace card_sim::secure
