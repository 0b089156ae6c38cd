#include "station/card/access/active_authentication.hpp"

#include <openssl/core_names.h>
#include <openssl/x509.h>

#include <algorithm>
#include <string>

#include "access_status.hpp"
#include "openssl_util.hpp"

namespace station::card::access {

namespace {

constexpr std::size_t kCoordinateSize = kAaSignatureSize / 2;

hal::Result<hal::Bytes> plain_to_der(hal::ByteView plain) {
  ossl::EcdsaSig signature(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(plain.data(), kCoordinateSize, nullptr);
  BIGNUM* s = BN_bin2bn(plain.data() + kCoordinateSize, kCoordinateSize, nullptr);
  if (!signature || !r || !s || ECDSA_SIG_set0(signature.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return openssl_error("building an ECDSA signature");
  }
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(signature.get(), &der);
  if (length <= 0) return openssl_error("encoding an ECDSA signature");
  hal::Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

hal::Result<hal::Bytes> der_to_plain(hal::ByteView der) {
  const unsigned char* at = der.data();
  ossl::EcdsaSig signature(d2i_ECDSA_SIG(nullptr, &at, static_cast<long>(der.size())));
  if (!signature) return openssl_error("decoding an ECDSA signature");
  auto r = bn_to_bytes(ECDSA_SIG_get0_r(signature.get()), kCoordinateSize);
  if (!r) return r.error();
  auto s = bn_to_bytes(ECDSA_SIG_get0_s(signature.get()), kCoordinateSize);
  if (!s) return s.error();
  r->insert(r->end(), s->begin(), s->end());
  return r;
}

}  // namespace

hal::Result<hal::Bytes> sign_aa_challenge(hal::ByteView private_key, hal::ByteView challenge) {
  const unsigned char* at = private_key.data();
  ossl::Pkey key(d2i_AutoPrivateKey(nullptr, &at, static_cast<long>(private_key.size())));
  if (!key) return openssl_error("the Active Authentication private key is not DER PKCS#8", hal::ErrorCode::kInvalidArgument);
  if (auto p256 = check_p256(key.get(), "the Active Authentication private key"); !p256)
    return hal::make_error(hal::ErrorCode::kInvalidArgument, p256.error().message);
  ossl::MdCtx ctx(EVP_MD_CTX_new());
  std::size_t length = 0;
  if (!ctx || EVP_DigestSignInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key.get(), nullptr) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, challenge.data(), challenge.size()) != 1)
    return openssl_error("preparing the Active Authentication signature");
  hal::Bytes der(length);
  if (EVP_DigestSign(ctx.get(), der.data(), &length, challenge.data(), challenge.size()) != 1)
    return openssl_error("signing the Active Authentication challenge");
  der.resize(length);
  return der_to_plain(der);
}

hal::Result<void> verify_aa_signature(hal::ByteView public_key, hal::ByteView challenge, hal::ByteView signature) {
  const unsigned char* at = public_key.data();
  ossl::Pkey key(d2i_PUBKEY(nullptr, &at, static_cast<long>(public_key.size())));
  if (!key || at != public_key.data() + public_key.size())
    return openssl_error("DG15's public key is not a DER SubjectPublicKeyInfo", hal::ErrorCode::kInvalidArgument);
  HAL_TRY(check_p256(key.get(), "DG15's public key"));
  if (signature.size() != kAaSignatureSize)
    return hal::make_error(hal::ErrorCode::kProtocol, "the Active Authentication signature is " +
                                                          std::to_string(signature.size()) +
                                                          " bytes; ECDSA P-256 plain format is 64");
  auto der = plain_to_der(signature);
  if (!der) return der.error();
  ossl::MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key.get(), nullptr) != 1)
    return openssl_error("preparing to verify the Active Authentication signature");
  const int verified = EVP_DigestVerify(ctx.get(), der->data(), der->size(), challenge.data(), challenge.size());
  if (verified != 1) {
    (void)openssl_error("");  // empties OpenSSL's queue; the reason is ours to give
    return hal::make_error(hal::ErrorCode::kCorrupt,
                           "the Active Authentication signature does not verify with DG15's key: the chip does not "
                           "hold the matching private key (a copied chip?)");
  }
  return {};
}

hal::Result<void> perform_active_authentication(hal::CardTerminal& channel, hal::ByteView public_key,
                                                const RandomSource& random) {
  auto challenge = random(kAaChallengeSize);
  if (!challenge) return challenge.error();
  // Le asks for all the chip has, as far as the channel can carry it.
  auto caps = channel.capabilities();
  if (!caps) return caps.error();
  const std::size_t ne = std::min(hal::kShortMaxLe, caps->max_response_data);
  auto answer = exchange(channel, {0x00, 0x88, 0x00, 0x00, *challenge, ne},
                         "Active Authentication (INTERNAL AUTHENTICATE)", "the chip refused to sign");
  if (!answer) return answer.error();
  return verify_aa_signature(public_key, *challenge, answer->data);
}

}  // namespace station::card::access
