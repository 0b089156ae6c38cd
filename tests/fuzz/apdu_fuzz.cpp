// Command APDUs arrive from outside (technicians' `station card apdu`, and
// the card simulator parses every command it gets): parse must never crash,
// and whatever it accepts must encode back to the very same bytes.
#include <cstdlib>

#include "hal/apdu.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hal::ByteView raw(data, size);
  auto parsed = hal::CommandApdu::parse(raw);
  if (parsed) {
    // The extended form is recognisable by a zero byte after the header,
    // unless the command is case 2 short with Le = 00.
    bool extended = size > 5 && data[4] == 0;
    auto encoded = parsed->encode(extended);
    if (!encoded || hal::Bytes(raw.begin(), raw.end()) != *encoded) std::abort();
  }
  (void)hal::ResponseApdu::parse(raw);
  return 0;
}
