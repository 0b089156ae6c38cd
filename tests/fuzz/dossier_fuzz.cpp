// Dossier encodings will arrive from other stations (batches forwarded by a
// district station) and are decoded after decryption here: every decoder must
// refuse bad input with an error, never crash, and whatever it accepts must
// survive encode → decode unchanged.
#include <cstdlib>

#include "station/dossier/serialization.hpp"

namespace {

template <typename T, typename Decode>
void round_trip(hal::ByteView input, Decode decode) {
  auto decoded = decode(input);
  if (!decoded) return;
  auto again = decode(station::dossier::encode(*decoded));
  if (!again || !(*again == *decoded)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace d = station::dossier;
  hal::ByteView input(data, size);
  round_trip<d::Dossier>(input, [](hal::ByteView b) { return d::decode_dossier(b); });
  round_trip<d::Demographics>(input, [](hal::ByteView b) { return d::decode_demographics(b); });
  round_trip<d::Capture>(input, [](hal::ByteView b) { return d::decode_capture(b); });
  round_trip<d::FingerSlot>(input, [](hal::ByteView b) { return d::decode_finger_slot(b); });
  return 0;
}
