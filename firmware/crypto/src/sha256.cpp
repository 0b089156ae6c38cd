#include "fw/crypto/sha256.hpp"

#include "block_hash.hpp"

namespace fw::crypto {
namespace {

using detail::rotr;

// FIPS 180-4 §4.1.2.
struct Sigma256 {
    static constexpr std::uint32_t big0(std::uint32_t x) { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22); }
    static constexpr std::uint32_t big1(std::uint32_t x) { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25); }
    static constexpr std::uint32_t small0(std::uint32_t x) { return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3); }
    static constexpr std::uint32_t small1(std::uint32_t x) { return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10); }
};

// FIPS 180-4 §4.2.2: cube roots of the first 64 primes.
constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// FIPS 180-4 §5.3.3: square roots of the first 8 primes.
constexpr std::uint32_t kInitial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

}  // namespace

Sha256::Sha256() : buffer_{} { std::memcpy(state_, kInitial, sizeof state_); }

void Sha256::compress(const std::uint8_t block[64]) {
    detail::compress<Sigma256>(state_, block, kRound);
}

void Sha256::update(const std::uint8_t* data, std::size_t length) {
    total_ += length;
    detail::absorb(buffer_, buffered_, data, length, [this](const std::uint8_t* b) { compress(b); });
}

void Sha256::finish(std::uint8_t digest[32]) {
    detail::finish_digest<8>(buffer_, buffered_, total_, state_, digest,
                              [this](const std::uint8_t* b) { compress(b); });
}

void sha256(const std::uint8_t* data, std::size_t length, std::uint8_t digest[32]) {
    detail::hash_once<Sha256>(data, length, digest);
}

}  // namespace fw::crypto
