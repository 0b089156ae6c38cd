// SHA-512 (FIPS 180-4), the hash inside Ed25519: no heap, no exceptions,
// nothing of libc beyond memcpy/memset.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fw::crypto {

class Sha512 {
public:
    Sha512();
    void update(const std::uint8_t* data, std::size_t length);
    // Writes the digest; the object must not be updated afterwards.
    void finish(std::uint8_t digest[64]);

private:
    void compress(const std::uint8_t block[128]);

    std::uint64_t state_[8];
    std::uint64_t total_ = 0;  // bytes hashed so far (images are far below 2^61)
    std::uint8_t buffer_[128];
    std::size_t buffered_ = 0;
};

void sha512(const std::uint8_t* data, std::size_t length, std::uint8_t digest[64]);

}  // namespace fw::crypto
