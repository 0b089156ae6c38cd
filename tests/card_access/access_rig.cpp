#include "access_rig.hpp"

#include <unistd.h>

#include <cstdio>

#include "cmocka.hpp"

namespace card_access_test {

int start(void** state, std::vector<std::string> card_args) {
  auto* rig = new AccessRig;
  rig->dir = std::filesystem::temp_directory_path() /
             ("card-access-rig-" + std::to_string(getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(rig)));
  std::filesystem::create_directories(rig->dir);
  auto issued = issue_card(rig->dir);
  if (!issued) {
    std::fprintf(stderr, "issuing the test card failed: %s\n", issued.error().describe().c_str());
    std::filesystem::remove_all(rig->dir);
    delete rig;
    return -1;
  }
  rig->card = std::move(*issued);
  rig::RigOptions options;
  options.card_args = {"--state", rig->card.state_file.string()};
  options.card_args.insert(options.card_args.end(), card_args.begin(), card_args.end());
  if (rig_test::start(&rig->rig_state, options, rig_test::quick_options()) != 0) {
    std::filesystem::remove_all(rig->dir);
    delete rig;
    return -1;
  }
  *state = rig;
  return 0;
}

int stop(void** state) {
  auto* rig = static_cast<AccessRig*>(*state);
  if (rig) {
    rig_test::stop(&rig->rig_state);
    std::filesystem::remove_all(rig->dir);
    delete rig;
  }
  *state = nullptr;
  return 0;
}

void connect(AccessRig& rig) { ASSERT_OK(rig.terminal().connect(rig.rig().rig->reader_name())); }

hal::Result<hal::ResponseApdu> read_dg1(hal::CardTerminal& channel) {
  auto selected = channel.transmit({0x00, 0xA4, 0x02, 0x0C, {0x01, 0x01}, std::nullopt});
  if (!selected) return selected.error();
  if (!selected->ok()) return selected;
  return channel.transmit({0x00, 0xB0, 0x00, 0x00, {}, 10});
}

}  // namespace card_access_test
