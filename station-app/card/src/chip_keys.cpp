#include "station/card/chip_keys.hpp"

#include <openssl/x509.h>

#include "station/cms/openssl.hpp"

namespace station::card {

// The card's files are TLV and DER, EF.SOD a CMS SignedData: the cms room's.
using namespace cms;

hal::Result<ChipKeyPair> generate_chip_key(ChipKeyKind kind) {
  ossl::Pkey key(kind == ChipKeyKind::kEcP256 ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048));
  if (!key) return hal::make_error(hal::ErrorCode::kInternal, "chip key generation: " + ossl::last_error("failed"));
  ChipKeyPair pair;
  std::unique_ptr<PKCS8_PRIV_KEY_INFO, ossl::Deleter<PKCS8_PRIV_KEY_INFO_free>> pkcs8(EVP_PKEY2PKCS8(key.get()));
  if (pkcs8) pair.private_key = ossl::to_der(pkcs8.get(), i2d_PKCS8_PRIV_KEY_INFO);
  pair.public_key = ossl::to_der(key.get(), i2d_PUBKEY);
  if (pair.private_key.empty() || pair.public_key.empty()) {
    return hal::make_error(hal::ErrorCode::kInternal, "chip key encoding: " + ossl::last_error("failed"));
  }
  return pair;
}

}  // namespace station::card
