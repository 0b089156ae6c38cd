#include <algorithm>
#include <string>

#include "authentication_commands.hpp"
#include "put_data_command.hpp"
#include "station/card/access/data_objects.hpp"
#include "station/card/access/pace.hpp"
#include "status_words.hpp"

namespace card_sim::secure {

namespace {

namespace tag = access::pace_tag;

constexpr std::uint8_t kInsManageSecurityEnvironment = 0x22;
constexpr std::uint8_t kInsGeneralAuthenticate = 0x86;
constexpr std::uint8_t kChained = 0x10;
constexpr std::uint16_t kAuthenticationFailed = 0x6300;
constexpr int kLastStep = 3;
// With several curves on offer, a reader that names none gets this one
// (the one EF.CardAccess lists first on our cards).
constexpr access::PaceCurve kDefaultCurve = access::PaceCurve::kBrainpoolP256r1;

std::optional<access::AccessKey> password(const CardState& state, std::uint8_t reference) {
  if (reference == 0x01) {
    if (const hal::Bytes* mrz = stored_object(state, kMrzKeyObject)) {
      if (auto key = access::AccessKey::from_mrz_hash(*mrz)) return *key;
    }
  } else if (reference == 0x02) {
    if (const hal::Bytes* can = stored_object(state, kCanObject)) {
      if (auto key = access::AccessKey::from_can(std::string(can->begin(), can->end()))) return *key;
    }
  }
  return std::nullopt;
}

// MSE:Set AT for PACE (P1-P2 C1A4): 80 protocol, 83 password, 84 curve.
hal::ResponseApdu set_authentication_template(CardSecurity& security, CardState& state, const hal::CommandApdu& c) {
  security.pace.reset();
  if (c.p1 != 0xC1 || c.p2 != 0xA4) return status(sw::kIncorrectP1P2);
  auto objects = access::read_data_objects(c.data, "MSE:Set AT");
  if (!objects) return status(sw::kIncorrectData);
  const access::DataObject* protocol = access::find_object(*objects, 0x80);
  const access::DataObject* reference = access::find_object(*objects, 0x83);
  const access::DataObject* parameter = access::find_object(*objects, 0x84);
  if (!protocol || !reference || reference->value.size() != 1) return status(sw::kIncorrectData);
  if (!std::equal(protocol->value.begin(), protocol->value.end(), access::kPaceEcdhGmAes128.begin(),
                  access::kPaceEcdhGmAes128.end()))
    return status(sw::kIncorrectData);
  access::PaceCurve curve = kDefaultCurve;
  if (parameter) {
    if (parameter->value.size() != 1) return status(sw::kIncorrectData);
    auto chosen = access::pace_curve(parameter->value[0]);
    if (!chosen) return status(sw::kIncorrectData);
    curve = *chosen;
  }
  auto key = password(state, reference->value[0]);
  if (!key) return status(sw::kReferencedDataNotFound);
  security.pace = PaceRun{std::move(*key), curve, 0, {}, {}, {}, {}, {}};
  return status(sw::kOk);
}

hal::ResponseApdu answer(std::uint16_t answer_tag, hal::ByteView value) {
  return hal::ResponseApdu{access::authentication_data(answer_tag, value), sw::kOk};
}

hal::ResponseApdu encrypted_nonce(PaceRun& run) {
  auto k_pi = access::pace_nonce_key(run.password);
  auto nonce = access::system_random()(16);
  if (!k_pi || !nonce) return status(sw::kConditionsNotSatisfied);
  auto encrypted = access::cbc_encrypt(access::BlockCipher::kAes128, *k_pi, hal::Bytes(16, 0), *nonce);
  if (!encrypted) return status(sw::kConditionsNotSatisfied);
  run.nonce = std::move(*nonce);
  return answer(tag::kEncryptedNonce, *encrypted);
}

hal::ResponseApdu mapping(PaceRun& run, const hal::Bytes& terminal_point) {
  auto secret = access::random_scalar(run.curve, access::system_random());
  if (!secret) return status(sw::kConditionsNotSatisfied);
  auto ours = access::multiply(run.curve, {}, *secret);
  auto h = access::multiply(run.curve, terminal_point, *secret);
  if (!ours || !h) return status(sw::kIncorrectData);
  auto generator = access::map_generator(run.curve, run.nonce, *h);
  if (!generator) return status(sw::kIncorrectData);
  run.generator = std::move(*generator);
  return answer(tag::kMappingChip, *ours);
}

hal::ResponseApdu key_agreement(PaceRun& run, const hal::Bytes& terminal_point) {
  auto secret = access::random_scalar(run.curve, access::system_random());
  if (!secret) return status(sw::kConditionsNotSatisfied);
  auto ours = access::multiply(run.curve, run.generator, *secret);
  auto shared = access::multiply(run.curve, terminal_point, *secret);
  if (!ours || !shared || *ours == terminal_point) return status(sw::kIncorrectData);
  auto keys = access::derive_pace_keys(access::x_coordinate(*shared).value());
  if (!keys) return status(sw::kConditionsNotSatisfied);
  run.keys = std::move(*keys);
  run.chip_public = std::move(*ours);
  run.terminal_public = terminal_point;
  return answer(tag::kEphemeralChip, run.chip_public);
}

hal::ResponseApdu mutual_authentication(CardSecurity& security, PaceRun& run, const hal::Bytes& terminal_token) {
  auto expected = access::pace_token(run.keys.k_mac, run.chip_public);
  auto ours = access::pace_token(run.keys.k_mac, run.terminal_public);
  if (!expected || !ours) return status(sw::kConditionsNotSatisfied);
  // A wrong password shows here: the reader mapped another generator.
  if (!access::equal_secret(*expected, terminal_token)) return status(kAuthenticationFailed);
  auto session = access::pace_session(run.keys);
  if (!session) return status(sw::kConditionsNotSatisfied);
  security.session = std::move(*session);
  return answer(tag::kTokenChip, *ours);
}

hal::ResponseApdu step(CardSecurity& security, PaceRun& run, const hal::CommandApdu& c) {
  static constexpr std::uint16_t kExpected[] = {0, tag::kMappingTerminal, tag::kEphemeralTerminal,
                                                tag::kTokenTerminal};
  const bool last = run.step == kLastStep;
  if (((c.cla & kChained) != 0) == last) return status(last ? sw::kLastCommandOfChainExpected : sw::kIncorrectData);
  hal::Bytes value;
  if (run.step == 0) {
    auto objects = access::read_data_objects(c.data, "GENERAL AUTHENTICATE");
    if (!objects || objects->size() != 1 || objects->front().tag != tag::kTemplate || !objects->front().value.empty())
      return status(sw::kIncorrectData);
  } else {
    auto found = access::authentication_value(c.data, kExpected[run.step], "GENERAL AUTHENTICATE");
    if (!found) return status(sw::kIncorrectData);
    value = std::move(*found);
  }
  switch (run.step) {
    case 0: return encrypted_nonce(run);
    case 1: return mapping(run, value);
    case 2: return key_agreement(run, value);
    default: return mutual_authentication(security, run, value);
  }
}

hal::ResponseApdu general_authenticate(CardSecurity& security, const hal::CommandApdu& c) {
  if (!security.pace) return status(sw::kConditionsNotSatisfied);
  if (c.p1 != 0 || c.p2 != 0) return status(sw::kIncorrectP1P2);
  hal::ResponseApdu response = step(security, *security.pace, c);
  // Any failure ends the run: the reader starts over with MSE:Set AT.
  if (!response.ok() || security.pace->step == kLastStep) {
    security.pace.reset();
  } else {
    ++security.pace->step;
  }
  return response;
}

}  // namespace

void add_pace_commands(Dispatcher& dispatcher, std::shared_ptr<CardSecurity> security) {
  dispatcher.add(kInsManageSecurityEnvironment, [security](CardState& state, const hal::CommandApdu& c) {
    if (is_chip_authentication_set_at(c)) return chip_authentication_set_at(*security, state, c);
    security->chip_authentication = false;
    return set_authentication_template(*security, state, c);
  });
  dispatcher.add(kInsGeneralAuthenticate, [security](CardState& state, const hal::CommandApdu& c) {
    if (security->chip_authentication) return chip_authentication_step(*security, state, c);
    return general_authenticate(*security, c);
  });
}

}  // namespace card_sim::secure
