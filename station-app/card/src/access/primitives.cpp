#include "station/card/access/primitives.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <string>

#include "openssl_util.hpp"

namespace station::card::access {

namespace {

hal::Result<hal::Bytes> digest(const char* name, hal::ByteView data) {
  ossl::MdCtx ctx(EVP_MD_CTX_new());
  ossl::Md md(EVP_MD_fetch(nullptr, name, nullptr));
  hal::Bytes out(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  if (!ctx || !md || EVP_DigestInit_ex2(ctx.get(), md.get(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &length) != 1) {
    return openssl_error(std::string(name) + " failed");
  }
  out.resize(length);
  return out;
}

// Two-key 3DES is OpenSSL's DES-EDE (K1 K2 K1), which the default provider
// has; single DES lives only in the legacy provider, so the retail MAC below
// is built from DES-EDE too.
const char* cbc_name(BlockCipher cipher) { return cipher == BlockCipher::kTdes ? "DES-EDE-CBC" : "AES-128-CBC"; }

hal::Status check_sizes(BlockCipher cipher, hal::ByteView key, hal::ByteView iv, hal::ByteView data) {
  const std::size_t block = block_size(cipher);
  if (key.size() != kKeySize)
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "a cipher key must be 16 bytes, not " + std::to_string(key.size()));
  if (iv.size() != block)
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "the IV must be one block of " + std::to_string(block) +
                                                                 " bytes, not " + std::to_string(iv.size()));
  if (data.size() % block != 0)
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "CBC data must be whole " + std::to_string(block) + "-byte blocks, not " +
                               std::to_string(data.size()) + " bytes");
  return {};
}

hal::Result<hal::Bytes> cbc(BlockCipher cipher, hal::ByteView key, hal::ByteView iv, hal::ByteView data,
                            bool encrypt) {
  HAL_TRY(check_sizes(cipher, key, iv, data));
  ossl::Cipher algorithm(EVP_CIPHER_fetch(nullptr, cbc_name(cipher), nullptr));
  ossl::CipherCtx ctx(EVP_CIPHER_CTX_new());
  hal::Bytes out(data.size() + block_size(cipher));
  int written = 0;
  int final_written = 0;
  if (!algorithm || !ctx ||
      EVP_CipherInit_ex2(ctx.get(), algorithm.get(), key.data(), iv.data(), encrypt ? 1 : 0, nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
      EVP_CipherUpdate(ctx.get(), out.data(), &written, data.data(), static_cast<int>(data.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), out.data() + written, &final_written) != 1) {
    return openssl_error(std::string(cbc_name(cipher)) + (encrypt ? " encryption" : " decryption") + " failed");
  }
  out.resize(static_cast<std::size_t>(written + final_written));
  return out;
}

}  // namespace

hal::Result<hal::Bytes> sha1(hal::ByteView data) { return digest("SHA1", data); }
hal::Result<hal::Bytes> sha256(hal::ByteView data) { return digest("SHA256", data); }

std::size_t block_size(BlockCipher cipher) { return cipher == BlockCipher::kTdes ? 8 : 16; }

hal::Result<hal::Bytes> cbc_encrypt(BlockCipher cipher, hal::ByteView key, hal::ByteView iv, hal::ByteView data) {
  return cbc(cipher, key, iv, data, true);
}

hal::Result<hal::Bytes> cbc_decrypt(BlockCipher cipher, hal::ByteView key, hal::ByteView iv, hal::ByteView data) {
  return cbc(cipher, key, iv, data, false);
}

hal::Result<hal::Bytes> retail_mac(hal::ByteView key, hal::ByteView padded) {
  constexpr std::size_t kBlock = 8;
  const hal::Bytes zero_iv(kBlock, 0);
  if (padded.empty())
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "the retail MAC needs at least one block");
  HAL_TRY(check_sizes(BlockCipher::kTdes, key, zero_iv, padded));
  // DES-EDE with K1 K1 is single DES under K1: the CBC-MAC chain over every
  // block but the last...
  hal::Bytes k1k1(key.begin(), key.begin() + kBlock);
  k1k1.insert(k1k1.end(), key.begin(), key.begin() + kBlock);
  hal::Bytes chain = zero_iv;
  const std::size_t leading = padded.size() - kBlock;
  if (leading > 0) {
    auto chained = cbc_encrypt(BlockCipher::kTdes, k1k1, zero_iv, padded.first(leading));
    if (!chained) return chained.error();
    chain.assign(chained->end() - kBlock, chained->end());
  }
  // ...and the last block through E(K1) D(K2) E(K1), which is DES-EDE with K1 K2.
  return cbc_encrypt(BlockCipher::kTdes, key, chain, padded.last(kBlock));
}

hal::Result<hal::Bytes> aes_cmac(hal::ByteView key, hal::ByteView data) {
  if (key.size() != kKeySize)
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "an AES-128 CMAC key must be 16 bytes, not " + std::to_string(key.size()));
  ossl::Mac mac(EVP_MAC_fetch(nullptr, "CMAC", nullptr));
  ossl::MacCtx ctx(mac ? EVP_MAC_CTX_new(mac.get()) : nullptr);
  char cipher_name[] = "AES-128-CBC";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cipher_name, 0),
                               OSSL_PARAM_construct_end()};
  hal::Bytes out(16);
  std::size_t length = 0;
  if (!ctx || EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_MAC_final(ctx.get(), out.data(), &length, out.size()) != 1) {
    return openssl_error("AES-CMAC failed");
  }
  out.resize(length);
  return out;
}

hal::Bytes pad(hal::ByteView data, std::size_t block) {
  hal::Bytes out(data.begin(), data.end());
  out.push_back(0x80);
  while (out.size() % block != 0) out.push_back(0x00);
  return out;
}

hal::Result<hal::Bytes> unpad(hal::ByteView data, std::size_t block) {
  if (data.empty() || data.size() % block != 0)
    return hal::make_error(hal::ErrorCode::kProtocol, "padded data of " + std::to_string(data.size()) +
                                                          " bytes is not whole " + std::to_string(block) +
                                                          "-byte blocks");
  std::size_t end = data.size();
  const std::size_t last_block = data.size() - block;
  while (end > last_block && data[end - 1] == 0x00) --end;
  if (end == last_block || data[end - 1] != 0x80)
    return hal::make_error(hal::ErrorCode::kProtocol,
                           "padding method 2 marker 80 missing from the last block (ends " +
                               hal::to_hex(data.last(block)) + ")");
  return hal::Bytes(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(end - 1));
}

bool equal_secret(hal::ByteView a, hal::ByteView b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

RandomSource system_random() {
  return [](std::size_t count) -> hal::Result<hal::Bytes> {
    hal::Bytes out(count);
    if (count > 0 && RAND_bytes(out.data(), static_cast<int>(count)) != 1)
      return openssl_error("the random generator failed");
    return out;
  };
}

}  // namespace station::card::access
