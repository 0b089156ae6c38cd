#include "station/card/access/pace.hpp"

#include <string>

#include "access_status.hpp"
#include "station/card/access/data_objects.hpp"
#include "station/card/access/key_derivation.hpp"

namespace station::card::access {

namespace {

constexpr std::size_t kTokenSize = 8;
constexpr std::uint8_t kChained = 0x10;  // CLA of every GENERAL AUTHENTICATE but the last
const char* const kWrongPassword = "the password does not match this card; check the MRZ fields or the CAN";

hal::CommandApdu general_authenticate(bool last, hal::Bytes data) {
  return {static_cast<std::uint8_t>(last ? 0x00 : kChained), 0x86, 0x00, 0x00, std::move(data), hal::kShortMaxLe};
}

hal::CommandApdu set_authentication_template(const AccessKey& key, PaceCurve curve) {
  hal::Bytes data = encode_object(0x80, kPaceEcdhGmAes128);
  append_object(data, 0x83, hal::Bytes{key.pace_reference()});
  append_object(data, 0x84, hal::Bytes{static_cast<std::uint8_t>(curve)});
  return {0x00, 0x22, 0xC1, 0xA4, std::move(data), std::nullopt};
}

// One GENERAL AUTHENTICATE round: sends `tag` with `value`, returns the
// value the chip answers under `answer_tag`.
hal::Result<hal::Bytes> round(hal::CardTerminal& terminal, bool last, std::uint16_t tag, hal::ByteView value,
                              std::uint16_t answer_tag, const char* step) {
  auto answer = exchange(terminal, general_authenticate(last, authentication_data(tag, value)), step, kWrongPassword);
  if (!answer) return answer.error();
  return authentication_value(answer->data, answer_tag, step);
}

hal::Result<hal::Bytes> decrypt_nonce(const AccessKey& key, hal::ByteView encrypted) {
  auto k_pi = pace_nonce_key(key);
  if (!k_pi) return k_pi.error();
  if (encrypted.size() != block_size(BlockCipher::kAes128))
    return hal::make_error(hal::ErrorCode::kProtocol,
                           "the encrypted nonce is " + std::to_string(encrypted.size()) + " bytes, not 16");
  return cbc_decrypt(BlockCipher::kAes128, *k_pi, hal::Bytes(16, 0), encrypted);
}

}  // namespace

hal::Result<hal::Bytes> pace_nonce_key(const AccessKey& key) {
  return derive_key(BlockCipher::kAes128, key.password(), KeyPurpose::kPassword);
}

hal::Result<PaceKeys> derive_pace_keys(hal::ByteView shared_secret) {
  auto k_enc = derive_key(BlockCipher::kAes128, shared_secret, KeyPurpose::kEncryption);
  if (!k_enc) return k_enc.error();
  auto k_mac = derive_key(BlockCipher::kAes128, shared_secret, KeyPurpose::kMac);
  if (!k_mac) return k_mac.error();
  return PaceKeys{std::move(*k_enc), std::move(*k_mac)};
}

hal::Result<hal::Bytes> pace_token(hal::ByteView k_mac, hal::ByteView other_public_point) {
  hal::Bytes contents = encode_object(0x06, kPaceEcdhGmAes128);
  append_object(contents, 0x86, other_public_point);
  auto mac = aes_cmac(k_mac, encode_object(0x7F49, contents));
  if (!mac) return mac.error();
  mac->resize(kTokenSize);
  return mac;
}

hal::Result<SmSession> pace_session(const PaceKeys& keys) {
  return SmSession::create(BlockCipher::kAes128, keys.k_enc, keys.k_mac, hal::Bytes(16, 0));
}

hal::Bytes authentication_data(std::uint16_t tag, hal::ByteView value) {
  return encode_object(pace_tag::kTemplate, tag == 0 ? hal::Bytes{} : encode_object(tag, value));
}

hal::Result<hal::Bytes> authentication_value(hal::ByteView data, std::uint16_t tag, std::string_view what) {
  auto outer = read_data_objects(data, what);
  if (!outer) return outer.error();
  if (outer->size() != 1 || outer->front().tag != pace_tag::kTemplate)
    return hal::make_error(hal::ErrorCode::kProtocol, std::string(what) + ": expected one 7C template");
  auto inner = read_data_objects(outer->front().value, what);
  if (!inner) return inner.error();
  const DataObject* found = find_object(*inner, tag);
  if (!found)
    return hal::make_error(hal::ErrorCode::kProtocol, std::string(what) + ": the 7C template lacks tag " + tag_name(tag));
  return hal::Bytes(found->value.begin(), found->value.end());
}

namespace {

struct Agreement {
  PaceKeys keys;
  hal::Bytes ours;    // PK_DH,IFD
  hal::Bytes chips;   // PK_DH,IC
};

// Steps 1 and 2: the chip's nonce s, mapped to the generator G~ = s*G + H.
hal::Result<hal::Bytes> mapped_generator(hal::CardTerminal& terminal, const AccessKey& key, PaceCurve curve,
                                         const RandomSource& random) {
  auto encrypted_nonce = round(terminal, false, 0, {}, pace_tag::kEncryptedNonce, "PACE step 1 (encrypted nonce)");
  if (!encrypted_nonce) return encrypted_nonce.error();
  auto nonce = decrypt_nonce(key, *encrypted_nonce);
  if (!nonce) return nonce.error();
  auto secret = random_scalar(curve, random);
  if (!secret) return secret.error();
  auto ours = multiply(curve, {}, *secret);
  if (!ours) return ours.error();
  auto chips = round(terminal, false, pace_tag::kMappingTerminal, *ours, pace_tag::kMappingChip, "PACE step 2 (mapping)");
  if (!chips) return chips.error();
  auto h = multiply(curve, *chips, *secret);
  if (!h) return h.error();
  return map_generator(curve, *nonce, *h);
}

// Step 3: ephemeral keys on G~ and the session keys from their agreement.
hal::Result<Agreement> agree(hal::CardTerminal& terminal, PaceCurve curve, const hal::Bytes& generator,
                             const RandomSource& random) {
  auto secret = random_scalar(curve, random);
  if (!secret) return secret.error();
  auto ours = multiply(curve, generator, *secret);
  if (!ours) return ours.error();
  auto chips = round(terminal, false, pace_tag::kEphemeralTerminal, *ours, pace_tag::kEphemeralChip,
                     "PACE step 3 (key agreement)");
  if (!chips) return chips.error();
  // A chip echoing our key would make the agreement trivial (part 11
  // section 4.4.3.4).
  if (*chips == *ours) return hal::make_error(hal::ErrorCode::kProtocol, "the chip's ephemeral PACE key equals ours");
  auto shared = multiply(curve, *chips, *secret);
  if (!shared) return shared.error();
  auto keys = derive_pace_keys(x_coordinate(*shared).value());
  if (!keys) return keys.error();
  return Agreement{std::move(*keys), std::move(*ours), std::move(*chips)};
}

// Step 4: each side proves it holds the keys with a token over the other's
// ephemeral key.
hal::Status authenticate(hal::CardTerminal& terminal, const Agreement& agreement) {
  auto our_token = pace_token(agreement.keys.k_mac, agreement.chips);
  if (!our_token) return our_token.error();
  auto chip_token = round(terminal, true, pace_tag::kTokenTerminal, *our_token, pace_tag::kTokenChip,
                          "PACE step 4 (mutual authentication)");
  if (!chip_token) return chip_token.error();
  auto expected = pace_token(agreement.keys.k_mac, agreement.ours);
  if (!expected) return expected.error();
  if (!equal_secret(*expected, *chip_token))
    return hal::make_error(hal::ErrorCode::kCorrupt, "the chip's PACE authentication token does not verify");
  return {};
}

}  // namespace

hal::Result<SmSession> perform_pace(hal::CardTerminal& terminal, const AccessKey& key, PaceCurve curve,
                                    const RandomSource& random) {
  HAL_TRY(exchange(terminal, set_authentication_template(key, curve), "PACE MSE:Set AT", kWrongPassword));
  auto generator = mapped_generator(terminal, key, curve, random);
  if (!generator) return generator.error();
  auto agreement = agree(terminal, curve, *generator, random);
  if (!agreement) return agreement.error();
  HAL_TRY(authenticate(terminal, *agreement));
  return pace_session(agreement->keys);
}

}  // namespace station::card::access
