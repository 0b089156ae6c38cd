#include "authentication_commands.hpp"
#include "put_data_command.hpp"
#include "station/card/access/bac.hpp"
#include "status_words.hpp"

namespace card_sim::secure {

namespace {

constexpr std::uint8_t kInsExternalAuthenticate = 0x82;
constexpr std::size_t kCryptogramSize = 40;
constexpr std::size_t kNonceSize = 8;
constexpr std::uint16_t kAuthenticationFailed = 0x6300;

hal::ResponseApdu external_authenticate(CardSecurity& security, CardState& state, const hal::CommandApdu& c) {
  // One try per challenge, as a real chip does against guessing.
  const hal::Bytes challenge = std::move(state.last_challenge);
  state.last_challenge.clear();
  if (c.p1 != 0 || c.p2 != 0) return status(sw::kIncorrectP1P2);
  if (c.data.size() != kCryptogramSize) return status(sw::kWrongLength);
  const hal::Bytes* mrz_key = stored_object(state, kMrzKeyObject);
  if (!mrz_key) return status(sw::kReferencedDataNotFound);
  if (challenge.size() != kNonceSize) return status(sw::kConditionsNotSatisfied);
  auto key = access::AccessKey::from_mrz_hash(*mrz_key);
  if (!key) return status(sw::kReferencedDataNotFound);
  auto keys = access::derive_bac_keys(key->bac_seed().value());
  if (!keys) return status(sw::kConditionsNotSatisfied);
  auto opened = access::open_bac_cryptogram(*keys, c.data);
  // S = RND.IFD || RND.IC || K.IFD; the chip's own challenge must be in it.
  if (!opened || !access::equal_secret(hal::ByteView(*opened).subspan(kNonceSize, kNonceSize), challenge))
    return status(kAuthenticationFailed);
  const hal::ByteView s(*opened);
  const hal::ByteView rnd_ifd = s.first(kNonceSize);
  const hal::ByteView k_ifd = s.last(16);
  auto k_ic = access::system_random()(16);
  if (!k_ic) return status(sw::kConditionsNotSatisfied);
  hal::Bytes r = challenge;
  r.insert(r.end(), rnd_ifd.begin(), rnd_ifd.end());
  r.insert(r.end(), k_ic->begin(), k_ic->end());
  auto sealed = access::seal_bac_cryptogram(*keys, r);
  auto session = access::bac_session(k_ifd, *k_ic, challenge, rnd_ifd);
  if (!sealed || !session) return status(sw::kConditionsNotSatisfied);
  security.session = std::move(*session);
  return hal::ResponseApdu{std::move(*sealed), sw::kOk};
}

}  // namespace

const hal::Bytes* stored_object(const CardState& state, std::uint16_t tag) {
  auto found = state.data_objects.find(tag);
  return found == state.data_objects.end() ? nullptr : &found->second;
}

void add_bac_command(Dispatcher& dispatcher, std::shared_ptr<CardSecurity> security) {
  dispatcher.add(kInsExternalAuthenticate, [security](CardState& state, const hal::CommandApdu& c) {
    return external_authenticate(*security, state, c);
  });
}

}  // namespace card_sim::secure
