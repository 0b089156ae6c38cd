#include "fw/crypto/sha256.hpp"

#include <cstring>

namespace fw::crypto {

Sha256::Sha256() : state_{}, buffer_{} {}
void Sha256::compress(const std::uint8_t*) {}
void Sha256::update(const std::uint8_t*, std::size_t) {}
void Sha256::finish(std::uint8_t digest[32]) { std::memset(digest, 0, 32); }
void sha256(const std::uint8_t* data, std::size_t length, std::uint8_t digest[32]) {
    Sha256 h;
    h.update(data, length);
    h.finish(digest);
}

}  // namespace fw::crypto
