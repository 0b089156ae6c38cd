#include "rig_fixture.hpp"

#include <cstdio>

namespace rig_test {

int start(void** state, const rig::RigOptions& rig_options, const drivers::PcscOptions& pcsc_options) {
  auto started = rig::Rig::start(rig_options);
  if (!started) {
    std::fprintf(stderr, "rig did not start: %s\n", started.error().describe().c_str());
    return -1;
  }
  auto* f = new Fixture{std::move(*started), std::make_unique<drivers::PcscCardTerminal>(pcsc_options)};
  *state = f;
  return 0;
}

int stop(void** state) {
  delete static_cast<Fixture*>(*state);
  *state = nullptr;
  return 0;
}

hal::Bytes hex(const char* text) { return hal::from_hex(text).value(); }

hal::CommandApdu apdu(const char* text) { return hal::CommandApdu::parse(hex(text)).value(); }

drivers::PcscOptions quick_options(std::size_t max_apdu_data) {
  drivers::PcscOptions o;
  o.max_apdu_data = max_apdu_data;
  o.transmit_timeout = std::chrono::milliseconds(5000);
  o.connect_timeout = std::chrono::milliseconds(5000);
  o.poll_granularity = std::chrono::milliseconds(200);
  return o;
}

}  // namespace rig_test
