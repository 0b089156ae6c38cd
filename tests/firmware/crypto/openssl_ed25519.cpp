#include "openssl_ed25519.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace fw_crypto_test {
namespace {

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "OpenSSL reference failed: %s\n", what);
    std::abort();
}

struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

Pkey private_key(const KeyPair& key) {
    Pkey pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, key.seed.data(), key.seed.size()));
    if (!pkey) {
        die("EVP_PKEY_new_raw_private_key");
    }
    return pkey;
}

}  // namespace

KeyPair key_from_seed(const std::array<std::uint8_t, 32>& seed) {
    KeyPair key;
    key.seed = seed;
    std::size_t length = key.public_key.size();
    if (EVP_PKEY_get_raw_public_key(private_key(key).get(), key.public_key.data(), &length) != 1 ||
        length != key.public_key.size()) {
        die("EVP_PKEY_get_raw_public_key");
    }
    return key;
}

KeyPair random_key() {
    std::array<std::uint8_t, 32> seed{};
    if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1) {
        die("RAND_bytes");
    }
    return key_from_seed(seed);
}

Signature openssl_sign(const KeyPair& key, const Bytes& message) {
    const Pkey pkey = private_key(key);
    const MdCtx ctx(EVP_MD_CTX_new());
    Signature signature{};
    std::size_t length = signature.size();
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1 ||
        EVP_DigestSign(ctx.get(), signature.data(), &length, message.data(), message.size()) != 1 ||
        length != signature.size()) {
        die("EVP_DigestSign");
    }
    return signature;
}

bool openssl_verify(const PublicKey& public_key, const Signature& signature, const Bytes& message) {
    const Pkey pkey(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
    if (!pkey) {
        return false;  // OpenSSL refuses some encodings outright
    }
    const MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) {
        die("EVP_DigestVerifyInit");
    }
    return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
}

Bytes random_bytes(std::size_t length) {
    Bytes bytes(length);
    if (length != 0 && RAND_bytes(bytes.data(), static_cast<int>(length)) != 1) {
        die("RAND_bytes");
    }
    return bytes;
}

Bytes from_hex(const std::string& hex) {
    if (hex.size() % 2 != 0) {
        die("odd-length hex literal");
    }
    Bytes bytes;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        char* end = nullptr;
        const std::string pair = hex.substr(i, 2);
        const long value = std::strtol(pair.c_str(), &end, 16);
        if (end != pair.c_str() + 2) {
            die("bad hex digit in literal");
        }
        bytes.push_back(static_cast<std::uint8_t>(value));
    }
    return bytes;
}

std::string to_hex(const std::uint8_t* data, std::size_t length) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < length; ++i) {
        out += kDigits[data[i] >> 4];
        out += kDigits[data[i] & 15];
    }
    return out;
}

}  // namespace fw_crypto_test
