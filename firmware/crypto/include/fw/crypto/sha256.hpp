// SHA-256 (FIPS 180-4) for the bootloader and the host tools: no heap, no
// exceptions, nothing of libc beyond memcpy/memset.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fw::crypto {

class Sha256 {
public:
    Sha256();
    void update(const std::uint8_t* data, std::size_t length);
    // Writes the digest; the object must not be updated afterwards.
    void finish(std::uint8_t digest[32]);

private:
    void compress(const std::uint8_t block[64]);

    std::uint32_t state_[8];
    std::uint64_t total_ = 0;  // bytes hashed so far
    std::uint8_t buffer_[64];
    std::size_t buffered_ = 0;
};

void sha256(const std::uint8_t* data, std::size_t length, std::uint8_t digest[32]);

}  // namespace fw::crypto
