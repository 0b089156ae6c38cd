// A harmless conversation with whatever card is in the reader, to show a
// technician that reader, driver and card work: it selects the eMRTD
// application, asks for a challenge and tries to read EF.COM. It never writes.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "hal/card_terminal.hpp"

namespace station::card {

struct Exchange {
  std::string purpose;      // "SELECT eMRTD application"
  hal::Bytes command;       // as encoded on the wire
  hal::ResponseApdu response;
};

struct ProbeReport {
  hal::ReaderStatus reader;
  hal::ReaderCapabilities capabilities;
  std::vector<Exchange> exchanges;
};

// Waits up to `wait` for a card in `reader` ("" = any), connects, runs the
// exchanges and disconnects. Card status words are reported, not errors.
// Errors: those of CardTerminal::wait_for_card, connect and transmit.
hal::Result<ProbeReport> probe_card(hal::CardTerminal& terminal, std::string_view reader,
                                    std::chrono::milliseconds wait);

}  // namespace station::card
