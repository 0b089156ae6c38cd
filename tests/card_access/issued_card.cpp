#include "issued_card.hpp"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "default_layout.hpp"
#include "sim_card.hpp"
#include "state_file.hpp"
#include "station/card/access/put_data.hpp"

namespace card_access_test {

namespace {

namespace access = station::card::access;

// Appendix G.1's EF.CardAccess: PACE ECDH-GM-AES-128 on brainpoolP256r1.
const char* const kCardAccess = "31143012060A04007F0007020204020202010202010D";

struct KeyPair {
  hal::Bytes private_key;
  hal::Bytes public_key;
};

hal::Result<KeyPair> make_p256_key() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  PKCS8_PRIV_KEY_INFO* info = key ? EVP_PKEY2PKCS8(key) : nullptr;
  unsigned char* private_der = nullptr;
  unsigned char* public_der = nullptr;
  const int private_length = info ? i2d_PKCS8_PRIV_KEY_INFO(info, &private_der) : -1;
  const int public_length = key ? i2d_PUBKEY(key, &public_der) : -1;
  KeyPair pair;
  if (private_length > 0 && public_length > 0) {
    pair.private_key.assign(private_der, private_der + private_length);
    pair.public_key.assign(public_der, public_der + public_length);
  }
  OPENSSL_free(private_der);
  OPENSSL_free(public_der);
  PKCS8_PRIV_KEY_INFO_free(info);
  EVP_PKEY_free(key);
  if (pair.public_key.empty()) return hal::make_error(hal::ErrorCode::kInternal, "OpenSSL made no P-256 key");
  return pair;
}

hal::CommandApdu apdu(const char* hex_text) { return hal::CommandApdu::parse(hal::from_hex(hex_text).value()).value(); }

hal::CommandApdu update(hal::Bytes data, std::size_t offset = 0) {
  return {0x00, 0xD6, static_cast<std::uint8_t>(offset >> 8), static_cast<std::uint8_t>(offset), std::move(data),
          std::nullopt};
}

}  // namespace

hal::Bytes dg2_pattern() {
  hal::Bytes out(kDg2Size);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return out;
}

hal::Result<IssuedCard> issue_card(const std::filesystem::path& dir) {
  auto aa = make_p256_key();
  if (!aa) return aa.error();
  auto ca = make_p256_key();
  if (!ca) return ca.error();
  auto mrz = access::AccessKey::from_mrz(kMrz).value();
  auto can = access::AccessKey::from_can(kCan).value();
  card_sim::SimCard card(card_sim::default_layout(), {});
  const hal::Bytes dg2 = dg2_pattern();
  std::vector<std::pair<const char*, hal::CommandApdu>> steps = {
      {"SELECT EF.CardAccess", apdu("00A4020C02011C")},
      {"write EF.CardAccess", update(hal::from_hex(kCardAccess).value())},
      {"SELECT eMRTD", apdu("00A4040C07A0000002471001")},
      {"SELECT DG1", apdu("00A4020C020101")},
      {"write DG1", update(hal::from_hex(kDg1).value())},
      {"SELECT DG2", apdu("00A4020C020102")},
      {"write DG2", update(dg2)},
      {"PUT DATA MRZ key", access::put_mrz_key(mrz).value()},
      {"PUT DATA CAN", access::put_can(can).value()},
      {"PUT DATA AA key", access::put_aa_private_key(aa->private_key).value()},
      {"PUT DATA CA key", {0x00, 0xDA, 0x00, 0xC4, ca->private_key, std::nullopt}},
      {"lock", apdu("00DA00C00101")},
  };
  for (const auto& [what, command] : steps) {
    auto answer = hal::ResponseApdu::parse(card.process(command.encode().value()));
    if (!answer || !answer->ok())
      return hal::make_error(hal::ErrorCode::kInternal, std::string("the simulated card refused ") + what);
  }
  IssuedCard issued{dir / "issued-card.state", aa->public_key, ca->public_key};
  HAL_TRY(card_sim::save_state(card.state(), issued.state_file));
  return issued;
}

}  // namespace card_access_test
