#include "image_builder.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace fwtest {

SigningKey::SigningKey(const std::string& pem_path) : key_(nullptr) {
    FILE* f = std::fopen(pem_path.c_str(), "r");
    if (f == nullptr) throw std::runtime_error("cannot open signing key " + pem_path);
    key_ = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (key_ == nullptr) throw std::runtime_error(pem_path + " is not a PEM private key");
}

SigningKey::~SigningKey() { EVP_PKEY_free(static_cast<EVP_PKEY*>(key_)); }

Bytes SigningKey::sign(const Bytes& message) const {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    Bytes sig(64);
    std::size_t length = sig.size();
    const bool ok = ctx != nullptr &&
                    EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, static_cast<EVP_PKEY*>(key_)) == 1 &&
                    EVP_DigestSign(ctx, sig.data(), &length, message.data(), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    if (!ok || length != 64) throw std::runtime_error("Ed25519 signing failed");
    return sig;
}

Bytes SigningKey::public_key() const {
    Bytes raw(32);
    std::size_t length = raw.size();
    if (EVP_PKEY_get_raw_public_key(static_cast<EVP_PKEY*>(key_), raw.data(), &length) != 1 || length != 32)
        throw std::runtime_error("not an Ed25519 key");
    return raw;
}

Bytes SigningKey::key_id() const {
    Bytes id = sha256(public_key());
    id.resize(8);
    return id;
}

Bytes sha256(const Bytes& data) {
    Bytes digest(32);
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    return digest;
}

void put_le16(Bytes& b, std::size_t at, std::uint16_t v) {
    b.at(at) = static_cast<std::uint8_t>(v);
    b.at(at + 1) = static_cast<std::uint8_t>(v >> 8);
}

void put_le32(Bytes& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.at(at + i) = static_cast<std::uint8_t>(v >> (8 * i));
}

Bytes encode_header(const ImageSpec& s) {
    Bytes h(256, 0);
    put_le32(h, 0x00, 0x464E4353);
    put_le16(h, 0x04, 256);
    put_le16(h, 0x06, 1);
    put_le32(h, 0x08, s.load_address);
    put_le32(h, 0x0C, static_cast<std::uint32_t>(s.payload.size()));
    h[0x10] = s.major;
    h[0x11] = s.minor;
    put_le16(h, 0x12, s.patch);
    put_le32(h, 0x14, s.build);
    put_le32(h, 0x18, s.security_counter);
    put_le32(h, 0x1C, s.flags);
    return h;
}

// Sized once and filled: GCC 12 at -O3 misreads vector::insert after a
// small initial size as an out-of-bounds memcpy (-Warray-bounds).
Bytes concat(const Bytes& a, const Bytes& b) {
    Bytes out(a.size() + b.size());
    std::copy(a.begin(), a.end(), out.begin());
    std::copy(b.begin(), b.end(), out.begin() + static_cast<std::ptrdiff_t>(a.size()));
    return out;
}

namespace {

Bytes head16(std::uint16_t first, std::uint16_t second) {
    Bytes out(4);
    put_le16(out, 0, first);
    put_le16(out, 2, second);
    return out;
}

}  // namespace

Bytes tlv(std::uint16_t type, const Bytes& value) {
    return concat(head16(type, static_cast<std::uint16_t>(value.size())), value);
}

Bytes trailer(const Bytes& entries) {
    return concat(head16(0x5446, static_cast<std::uint16_t>(entries.size() + 4)), entries);
}

Bytes build_image(const ImageSpec& spec, const SigningKey& key) {
    const Bytes signed_part = concat(encode_header(spec), spec.payload);
    Bytes entries = tlv(0x0010, sha256(signed_part));
    entries = concat(entries, tlv(0x0001, key.key_id()));
    entries = concat(entries, tlv(0x0024, key.sign(signed_part)));
    return concat(signed_part, trailer(entries));
}

Bytes pattern(std::size_t size, std::uint32_t seed) {
    Bytes out(size);
    std::uint32_t x = seed * 2654435761u + 1;
    for (auto& b : out) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b = static_cast<std::uint8_t>(x);
    }
    return out;
}

std::string factory_key_path() { return FW_TEST_KEYS_DIR "/factory-test.pem"; }
std::string unknown_key_path() { return FW_TEST_KEYS_DIR "/unknown-test.pem"; }

}  // namespace fwtest
