// OpenSSL's Ed25519, the independent reference the tests and the benchmark
// hold firmware/crypto against. Host only.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fw_crypto_test {

using Bytes = std::vector<std::uint8_t>;
using PublicKey = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;

// An Ed25519 key pair from a 32-byte secret seed (RFC 8032 §5.1.5).
struct KeyPair {
    std::array<std::uint8_t, 32> seed{};
    PublicKey public_key{};
};

KeyPair key_from_seed(const std::array<std::uint8_t, 32>& seed);
KeyPair random_key();
Signature openssl_sign(const KeyPair& key, const Bytes& message);
bool openssl_verify(const PublicKey& public_key, const Signature& signature, const Bytes& message);
Bytes random_bytes(std::size_t length);

// "9d61b1..." → bytes; aborts the test program on a malformed literal.
Bytes from_hex(const std::string& hex);
std::string to_hex(const std::uint8_t* data, std::size_t length);

}  // namespace fw_crypto_test
