#include "fw/crypto/sha512.hpp"

#include <cstring>

namespace fw::crypto {

Sha512::Sha512() : state_{}, buffer_{} {}
void Sha512::compress(const std::uint8_t*) {}
void Sha512::update(const std::uint8_t*, std::size_t) {}
void Sha512::finish(std::uint8_t digest[64]) { std::memset(digest, 0, 64); }
void sha512(const std::uint8_t* data, std::size_t length, std::uint8_t digest[64]) {
    Sha512 h;
    h.update(data, length);
    h.finish(digest);
}

}  // namespace fw::crypto
