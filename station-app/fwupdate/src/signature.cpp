// Hash, key id and pure Ed25519 (RFC 8032) of an image with OpenSSL: the
// independent verifier IMAGE.md names, not the bootloader's own code.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <algorithm>
#include <memory>

#include "hal/files.hpp"
#include "station/fwupdate/image.hpp"

namespace station::fwupdate {

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

// A public key in PEM is a few hundred bytes; anything near this is not one.
inline constexpr hal::FileKind kPublicKeyFile{"firmware public key", 64 * 1024};
using Ctx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

}  // namespace

hal::Result<PublicKey> load_public_key(const std::filesystem::path& pem) {
  // Through the one reader of outside files: a FIFO or a link to a device
  // given as --key must be refused by name, not read forever.
  auto text = hal::read_regular_file(pem, kPublicKeyFile);
  if (!text) return text.error();
  Bio bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())), &BIO_free);
  if (!bio) return hal::make_error(hal::ErrorCode::kInternal, "firmware public key " + pem.string() + ": out of memory");
  Key key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "firmware public key " + pem.string() + " is not an Ed25519 public key in PEM");
  }
  PublicKey out;
  out.name = pem.string();
  std::size_t length = out.raw.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), out.raw.data(), &length) != 1 || length != out.raw.size()) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "firmware public key " + pem.string() + " is unreadable");
  }
  std::uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(out.raw.data(), out.raw.size(), digest);
  std::copy(digest, digest + out.id.size(), out.id.begin());
  return out;
}

hal::Result<PublicKey> verify_image(std::span<const std::uint8_t> bytes, const FirmwareImage& image,
                                    const std::vector<PublicKey>& keys, const std::string& name) {
  const auto signed_part = bytes.first(image.signed_length);
  std::uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(signed_part.data(), signed_part.size(), digest);
  if (!std::equal(image.sha256.begin(), image.sha256.end(), digest)) {
    return hal::make_error(hal::ErrorCode::kCorrupt, "firmware image " + name +
                                                         " is refused: hash_mismatch (the header or payload changed "
                                                         "after signing, or the file is damaged)");
  }
  const auto key = std::find_if(keys.begin(), keys.end(), [&](const PublicKey& k) { return k.id == image.key_id; });
  if (key == keys.end()) {
    return hal::make_error(hal::ErrorCode::kPermissionDenied, "firmware image " + name +
                                                                  " is refused: unknown_key (signed by key id " +
                                                                  hex(image.key_id) + ", not a configured key)");
  }
  Key pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key->raw.data(), key->raw.size()), &EVP_PKEY_free);
  Ctx ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  const bool ok = pkey && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
                  EVP_DigestVerify(ctx.get(), image.signature.data(), image.signature.size(), signed_part.data(),
                                   signed_part.size()) == 1;
  if (!ok) {
    return hal::make_error(hal::ErrorCode::kPermissionDenied,
                           "firmware image " + name + " is refused: bad_signature (key " + key->name + ")");
  }
  return *key;
}

}  // namespace station::fwupdate
