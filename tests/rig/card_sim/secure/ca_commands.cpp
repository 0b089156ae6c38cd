#include <algorithm>

#include "authentication_commands.hpp"
#include "put_data_command.hpp"
#include "station/card/access/chip_authentication.hpp"
#include "station/card/access/data_objects.hpp"
#include "station/card/access/pace.hpp"
#include "status_words.hpp"

namespace card_sim::secure {

namespace {

// The one CA key the card holds (PUT DATA 00C4) answers to this reference,
// the keyId personalization writes into DG14.
constexpr std::uint8_t kCaKeyReference = 0x01;

bool same(hal::ByteView a, const hal::Bytes& b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

}  // namespace

bool is_chip_authentication_set_at(const hal::CommandApdu& c) {
  return c.p1 == access::kCaSetAtP1 && c.p2 == access::kCaSetAtP2;
}

hal::ResponseApdu chip_authentication_set_at(CardSecurity& security, CardState& state, const hal::CommandApdu& c) {
  security.pace.reset();
  security.chip_authentication = false;
  // Part 11 section 6.2: Chip Authentication follows BAC or PACE, under its
  // secure messaging.
  if (!security.command_secured) return status(sw::kSecurityStatusNotSatisfied);
  auto objects = access::read_data_objects(c.data, "MSE:Set AT");
  if (!objects) return status(sw::kIncorrectData);
  const access::DataObject* protocol = access::find_object(*objects, 0x80);
  const access::DataObject* reference = access::find_object(*objects, 0x84);
  if (!protocol || !same(protocol->value, access::kCaEcdhAesCbcCmac128)) return status(sw::kIncorrectData);
  if (reference && !same(reference->value, hal::Bytes{kCaKeyReference})) return status(sw::kReferencedDataNotFound);
  if (!stored_object(state, kCaKeyObject)) return status(sw::kReferencedDataNotFound);
  security.chip_authentication = true;
  return status(sw::kOk);
}

hal::ResponseApdu chip_authentication_step(CardSecurity& security, CardState& state, const hal::CommandApdu& c) {
  // One GENERAL AUTHENTICATE per MSE:Set AT, whatever it brings.
  security.chip_authentication = false;
  if (c.p1 != 0 || c.p2 != 0) return status(sw::kIncorrectP1P2);
  if (!security.command_secured) return status(sw::kSecurityStatusNotSatisfied);
  auto terminal_point = access::authentication_value(c.data, access::kCaEphemeralPublicKey, "GENERAL AUTHENTICATE");
  if (!terminal_point) return status(sw::kIncorrectData);
  const hal::Bytes* key = stored_object(state, kCaKeyObject);
  if (!key) return status(sw::kReferencedDataNotFound);
  auto scalar = access::ca_private_scalar(*key);
  if (!scalar) return status(sw::kConditionsNotSatisfied);
  // A point off the curve (or at infinity) is refused before any key is made.
  auto shared = access::multiply(access::kCaCurve, *terminal_point, *scalar);
  if (!shared) return status(sw::kIncorrectData);
  auto session = access::ca_session(*shared);
  if (!session) return status(sw::kConditionsNotSatisfied);
  // This answer still leaves under the old keys; the layer switches after.
  security.next_session = std::move(*session);
  return hal::ResponseApdu{access::authentication_data(0, {}), sw::kOk};
}

}  // namespace card_sim::secure
