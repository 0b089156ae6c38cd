#include "station/card/access/bac.hpp"

#include <string>

#include "access_status.hpp"
#include "station/card/access/key_derivation.hpp"

namespace station::card::access {

namespace {

constexpr std::size_t kNonceSize = 8;
constexpr std::size_t kKeyMaterialSize = 16;
constexpr std::size_t kPlainSize = 2 * kNonceSize + kKeyMaterialSize;
constexpr std::size_t kMacSize = 8;
constexpr std::size_t kCryptogramSize = kPlainSize + kMacSize;
constexpr const char* kWrongMrz =
    "the MRZ does not match this card; check the document number, date of birth and date of expiry";

hal::Bytes concat(std::initializer_list<hal::ByteView> parts) {
  hal::Bytes out;
  for (auto part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

hal::Result<hal::Bytes> cryptogram_mac(const BacKeys& keys, hal::ByteView encrypted) {
  return retail_mac(keys.k_mac, pad(encrypted, block_size(BlockCipher::kTdes)));
}

}  // namespace

hal::Result<BacKeys> derive_bac_keys(hal::ByteView seed) {
  if (seed.size() != kKeySize)
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "a BAC key seed is 16 bytes, not " + std::to_string(seed.size()));
  auto k_enc = derive_key(BlockCipher::kTdes, seed, KeyPurpose::kEncryption);
  if (!k_enc) return k_enc.error();
  auto k_mac = derive_key(BlockCipher::kTdes, seed, KeyPurpose::kMac);
  if (!k_mac) return k_mac.error();
  return BacKeys{std::move(*k_enc), std::move(*k_mac)};
}

hal::Result<hal::Bytes> seal_bac_cryptogram(const BacKeys& keys, hal::ByteView plain) {
  if (plain.size() != kPlainSize)
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "a BAC cryptogram covers 32 bytes, not " + std::to_string(plain.size()));
  auto encrypted = cbc_encrypt(BlockCipher::kTdes, keys.k_enc, hal::Bytes(kNonceSize, 0), plain);
  if (!encrypted) return encrypted.error();
  auto mac = cryptogram_mac(keys, *encrypted);
  if (!mac) return mac.error();
  return concat({*encrypted, *mac});
}

hal::Result<hal::Bytes> open_bac_cryptogram(const BacKeys& keys, hal::ByteView cryptogram) {
  if (cryptogram.size() != kCryptogramSize)
    return hal::make_error(hal::ErrorCode::kProtocol,
                           "a BAC cryptogram is 40 bytes, got " + std::to_string(cryptogram.size()));
  const hal::ByteView encrypted = cryptogram.first(kPlainSize);
  auto mac = cryptogram_mac(keys, encrypted);
  if (!mac) return mac.error();
  if (!equal_secret(*mac, cryptogram.last(kMacSize)))
    return hal::make_error(hal::ErrorCode::kCorrupt, "the BAC cryptogram's MAC does not verify under this key");
  return cbc_decrypt(BlockCipher::kTdes, keys.k_enc, hal::Bytes(kNonceSize, 0), encrypted);
}

hal::Result<SmSession> bac_session(hal::ByteView k_ifd, hal::ByteView k_ic, hal::ByteView rnd_ic,
                                   hal::ByteView rnd_ifd) {
  if (k_ifd.size() != kKeyMaterialSize || k_ic.size() != kKeyMaterialSize || rnd_ic.size() != kNonceSize ||
      rnd_ifd.size() != kNonceSize)
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "BAC key material is 16 bytes and nonces 8 bytes");
  hal::Bytes seed(kKeyMaterialSize);
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(k_ifd[i] ^ k_ic[i]);
  auto keys = derive_bac_keys(seed);
  if (!keys) return keys.error();
  return SmSession::create(BlockCipher::kTdes, std::move(keys->k_enc), std::move(keys->k_mac),
                           concat({rnd_ic.last(4), rnd_ifd.last(4)}));
}

hal::Result<SmSession> perform_bac(hal::CardTerminal& terminal, const AccessKey& key, const RandomSource& random) {
  auto seed = key.bac_seed();
  if (!seed) return seed.error();
  auto keys = derive_bac_keys(*seed);
  if (!keys) return keys.error();

  auto challenge = exchange(terminal, {0x00, 0x84, 0x00, 0x00, {}, kNonceSize}, "GET CHALLENGE", kWrongMrz);
  if (!challenge) return challenge.error();
  const hal::Bytes& rnd_ic = challenge->data;
  if (rnd_ic.size() != kNonceSize)
    return hal::make_error(hal::ErrorCode::kProtocol,
                           "GET CHALLENGE returned " + std::to_string(rnd_ic.size()) + " bytes, BAC needs 8");
  auto rnd_ifd = random(kNonceSize);
  if (!rnd_ifd) return rnd_ifd.error();
  auto k_ifd = random(kKeyMaterialSize);
  if (!k_ifd) return k_ifd.error();

  auto sealed = seal_bac_cryptogram(*keys, concat({*rnd_ifd, rnd_ic, *k_ifd}));
  if (!sealed) return sealed.error();
  auto answer = exchange(terminal, {0x00, 0x82, 0x00, 0x00, *sealed, kCryptogramSize},
                         "BAC EXTERNAL AUTHENTICATE", kWrongMrz);
  if (!answer) return answer.error();
  auto opened = open_bac_cryptogram(*keys, answer->data);
  if (!opened) {
    return hal::make_error(opened.error().code, "the card's BAC answer: " + opened.error().message);
  }
  const hal::ByteView plain(*opened);
  if (!equal_secret(plain.first(kNonceSize), rnd_ic) || !equal_secret(plain.subspan(kNonceSize, kNonceSize), *rnd_ifd))
    return hal::make_error(hal::ErrorCode::kCorrupt, "the card's BAC answer names other nonces than this session's");
  return bac_session(*k_ifd, plain.last(kKeyMaterialSize), rnd_ic, *rnd_ifd);
}

}  // namespace station::card::access
