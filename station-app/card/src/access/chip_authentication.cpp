#include "station/card/access/chip_authentication.hpp"

#include <openssl/core_names.h>
#include <openssl/x509.h>

#include <string>

#include "access_status.hpp"
#include "openssl_util.hpp"
#include "station/card/access/data_objects.hpp"
#include "station/card/access/open_channel.hpp"
#include "station/card/access/pace.hpp"

namespace station::card::access {

namespace {

constexpr std::size_t kScalarSize = 32;
const char* const kRefusedHint = "the chip refused Chip Authentication";

hal::CommandApdu set_authentication_template(int key_id) {
  hal::Bytes data = encode_object(0x80, kCaEcdhAesCbcCmac128);
  // The key reference is an INTEGER's value bytes; DG14's keyIds are small.
  if (key_id > 0 && key_id <= 0xFF) append_object(data, 0x84, hal::Bytes{static_cast<std::uint8_t>(key_id)});
  return {0x00, 0x22, kCaSetAtP1, kCaSetAtP2, std::move(data), std::nullopt};
}

// Part 11 section 6.2: the chip answers an empty 7C, or nothing at all.
hal::Status check_empty_answer(hal::ByteView data) {
  if (data.empty()) return {};
  auto objects = read_data_objects(data, "Chip Authentication GENERAL AUTHENTICATE answer");
  if (!objects) return objects.error();
  if (objects->size() != 1 || objects->front().tag != pace_tag::kTemplate || !objects->front().value.empty())
    return hal::make_error(hal::ErrorCode::kProtocol,
                           "Chip Authentication GENERAL AUTHENTICATE: the chip answered data where an empty 7C belongs");
  return {};
}

// The reader's ephemeral key pair and the point both sides will agree on.
struct Ephemeral {
  hal::Bytes public_point;
  hal::Bytes shared_point;
};

hal::Result<Ephemeral> agree(hal::ByteView chip_point, const RandomSource& random) {
  auto secret = random_scalar(kCaCurve, random);
  if (!secret) return secret.error();
  auto ours = multiply(kCaCurve, {}, *secret);
  if (!ours) return ours.error();
  auto shared = multiply(kCaCurve, chip_point, *secret);
  if (!shared) return shared.error();
  return Ephemeral{std::move(*ours), std::move(*shared)};
}

}  // namespace

hal::Result<hal::Bytes> ca_public_point(hal::ByteView subject_public_key_info) {
  const unsigned char* at = subject_public_key_info.data();
  ossl::Pkey key(d2i_PUBKEY(nullptr, &at, static_cast<long>(subject_public_key_info.size())));
  if (!key || at != subject_public_key_info.data() + subject_public_key_info.size())
    return openssl_error("DG14's Chip Authentication public key is not a DER SubjectPublicKeyInfo",
                         hal::ErrorCode::kInvalidArgument);
  HAL_TRY(check_p256(key.get(), "DG14's Chip Authentication public key"));
  std::size_t length = 0;
  if (EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, nullptr, 0, &length) != 1)
    return openssl_error("reading DG14's Chip Authentication public point");
  hal::Bytes point(length);
  if (EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point.data(), point.size(),
                                      &length) != 1)
    return openssl_error("reading DG14's Chip Authentication public point");
  point.resize(length);
  return point;
}

hal::Result<hal::Bytes> ca_private_scalar(hal::ByteView pkcs8) {
  const unsigned char* at = pkcs8.data();
  ossl::Pkey key(d2i_AutoPrivateKey(nullptr, &at, static_cast<long>(pkcs8.size())));
  if (!key) return openssl_error("the Chip Authentication private key is not DER PKCS#8", hal::ErrorCode::kInvalidArgument);
  if (auto p256 = check_p256(key.get(), "the Chip Authentication private key"); !p256)
    return hal::make_error(hal::ErrorCode::kInvalidArgument, p256.error().message);
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_PRIV_KEY, &raw) != 1)
    return openssl_error("reading the Chip Authentication private key");
  ossl::Bn scalar(raw);
  return bn_to_bytes(scalar.get(), kScalarSize);
}

hal::Result<SmSession> ca_session(hal::ByteView shared_point) {
  auto x = x_coordinate(shared_point);
  if (!x) return x.error();
  auto keys = derive_pace_keys(*x);
  if (!keys) return keys.error();
  return pace_session(*keys);
}

hal::Status perform_chip_authentication(SecureChannel& channel, hal::ByteView chip_public_key_info, int key_id,
                                        const RandomSource& random) {
  auto chip_point = ca_public_point(chip_public_key_info);
  if (!chip_point) return chip_point.error();
  auto ephemeral = agree(*chip_point, random);
  if (!ephemeral) return ephemeral.error();
  auto session = ca_session(ephemeral->shared_point);
  if (!session) return session.error();
  HAL_TRY(exchange(channel, set_authentication_template(key_id), "Chip Authentication MSE:Set AT", kRefusedHint));
  auto answer = exchange(channel,
                         {0x00, 0x86, 0x00, 0x00, authentication_data(kCaEphemeralPublicKey, ephemeral->public_point),
                          hal::kShortMaxLe},
                         "Chip Authentication GENERAL AUTHENTICATE", kRefusedHint);
  if (!answer) return answer.error();
  HAL_TRY(check_empty_answer(answer->data));
  channel.restart(std::move(*session), channel.method() + " + Chip Authentication");
  // The proof: a chip without DG14's private key derived other keys, so it
  // cannot read this command nor MAC its answer.
  if (auto confirmed = select_emrtd_application(channel); !confirmed)
    return hal::make_error(hal::ErrorCode::kCorrupt,
                           "Chip Authentication failed: the chip does not answer under the keys agreed with DG14's "
                           "public key, so it does not hold the matching private key (a cloned chip?): " +
                               confirmed.error().message);
  return {};
}

}  // namespace station::card::access
