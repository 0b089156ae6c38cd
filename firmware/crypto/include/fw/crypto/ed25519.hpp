// Ed25519 signature verification (RFC 8032 §5.1.7), streaming so the
// bootloader can check a signature over a whole image in flash without
// copying it. Verification only: the device never signs.
#pragma once

#include <cstddef>
#include <cstdint>

#include "fw/crypto/sha512.hpp"

namespace fw::crypto {

class Ed25519Verifier {
public:
    // Both arrays are copied; the caller's buffers may go away afterwards.
    Ed25519Verifier(const std::uint8_t public_key[32], const std::uint8_t signature[64]);
    // Feeds the next part of the signed message.
    void update(const std::uint8_t* message, std::size_t length);
    // True only if the whole message fed so far carries a valid signature.
    // Call after the last update; later calls repeat the first answer, and
    // updates after it are ignored.
    bool valid();

private:
    std::uint8_t public_key_[32];
    std::uint8_t signature_[64];
    Sha512 hash_;  // SHA-512(R || A || M), fed as the message streams in
    bool decided_ = false;
    bool valid_ = false;
};

bool ed25519_verify(const std::uint8_t public_key[32], const std::uint8_t signature[64],
                    const std::uint8_t* message, std::size_t length);

}  // namespace fw::crypto
