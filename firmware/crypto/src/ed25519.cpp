#include "fw/crypto/ed25519.hpp"

#include <cstring>

namespace fw::crypto {

Ed25519Verifier::Ed25519Verifier(const std::uint8_t public_key[32], const std::uint8_t signature[64]) {
    std::memcpy(public_key_, public_key, 32);
    std::memcpy(signature_, signature, 64);
}
void Ed25519Verifier::update(const std::uint8_t* message, std::size_t length) { hash_.update(message, length); }
bool Ed25519Verifier::valid() { return false; }
bool ed25519_verify(const std::uint8_t public_key[32], const std::uint8_t signature[64],
                    const std::uint8_t* message, std::size_t length) {
    Ed25519Verifier v(public_key, signature);
    v.update(message, length);
    return v.valid();
}

}  // namespace fw::crypto
