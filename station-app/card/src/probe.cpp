#include "station/card/probe.hpp"

namespace station::card {

namespace {

// ICAO Doc 9303 part 10: the LDS1 eMRTD application and EF.COM.
const hal::Bytes kEmrtdAid{0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};
const hal::Bytes kEfComFid{0x01, 0x1E};

struct Step {
  const char* purpose;
  hal::CommandApdu command;
  bool needs_previous_ok;  // READ BINARY only makes sense after EF.COM was selected
};

std::vector<Step> probe_steps() {
  return {
      {"SELECT eMRTD application", {0x00, 0xA4, 0x04, 0x0C, kEmrtdAid, std::nullopt}, false},
      {"GET CHALLENGE (8 bytes)", {0x00, 0x84, 0x00, 0x00, {}, 8}, false},
      {"SELECT EF.COM", {0x00, 0xA4, 0x02, 0x0C, kEfComFid, std::nullopt}, false},
      {"READ BINARY EF.COM header", {0x00, 0xB0, 0x00, 0x00, {}, 4}, true},
  };
}

}  // namespace

hal::Result<ProbeReport> probe_card(hal::CardTerminal& terminal, std::string_view reader,
                                    std::chrono::milliseconds wait) {
  auto status = terminal.wait_for_card(reader, wait);
  if (!status) return status.error();
  auto caps = terminal.connect(status->name);
  if (!caps) return caps.error();
  ProbeReport report{*status, *caps, {}};
  bool previous_ok = true;
  for (const Step& step : probe_steps()) {
    if (step.needs_previous_ok && !previous_ok) continue;
    auto response = terminal.transmit(step.command);
    if (!response) {
      (void)terminal.disconnect(hal::Disposition::kLeave);
      return response.error();
    }
    previous_ok = response->ok();
    report.exchanges.push_back({step.purpose, step.command.encode().value(), *response});
  }
  HAL_TRY(terminal.disconnect(hal::Disposition::kLeave));
  return report;
}

}  // namespace station::card
