// Merkle–Damgård buffering and padding shared by SHA-256 and SHA-512
// (FIPS 180-4 §5.1): they differ only in block size, length-field size and
// compression function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace fw::crypto::detail {

// Feeds whole blocks straight from `data` to `compress`; only a tail shorter
// than a block is copied, so hashing an image in flash costs no extra copy.
template <std::size_t Block, typename Compress>
void absorb(std::uint8_t (&buffer)[Block], std::size_t& buffered, const std::uint8_t* data,
            std::size_t length, Compress compress) {
    if (length == 0) {
        return;  // data may be null: memcpy must not see it
    }
    if (buffered != 0) {
        const std::size_t take = length < Block - buffered ? length : Block - buffered;
        std::memcpy(buffer + buffered, data, take);
        buffered += take;
        data += take;
        length -= take;
        if (buffered < Block) {
            return;
        }
        compress(buffer);
        buffered = 0;
    }
    for (; length >= Block; data += Block, length -= Block) {
        compress(data);
    }
    if (length != 0) {
        std::memcpy(buffer, data, length);
    }
    buffered = length;
}

// Appends 0x80, zeros and the message length in bits (big-endian) in the
// last LengthBytes of the final block. Messages here stay far below 2^61
// bytes, so the upper bytes of SHA-512's 128-bit length are zero.
template <std::size_t Block, std::size_t LengthBytes, typename Compress>
void pad(std::uint8_t (&buffer)[Block], std::size_t buffered, std::uint64_t total_bytes,
         Compress compress) {
    buffer[buffered++] = 0x80;
    if (buffered > Block - LengthBytes) {
        std::memset(buffer + buffered, 0, Block - buffered);
        compress(buffer);
        buffered = 0;
    }
    std::memset(buffer + buffered, 0, Block - buffered);
    const std::uint64_t bits = total_bytes * 8;
    for (std::size_t i = 0; i < 8; ++i) {
        buffer[Block - 1 - i] = static_cast<std::uint8_t>(bits >> (8 * i));
    }
    compress(buffer);
}

template <typename Word>
constexpr Word load_be(const std::uint8_t* p) {
    Word w = 0;
    for (std::size_t i = 0; i < sizeof(Word); ++i) {
        w = static_cast<Word>((w << 8) | p[i]);
    }
    return w;
}

template <typename Word>
constexpr void store_be(std::uint8_t* p, Word w) {
    for (std::size_t i = 0; i < sizeof(Word); ++i) {
        p[sizeof(Word) - 1 - i] = static_cast<std::uint8_t>(w >> (8 * i));
    }
}

template <typename Word>
constexpr Word rotr(Word x, unsigned n) {
    return static_cast<Word>((x >> n) | (x << (sizeof(Word) * 8 - n)));
}

}  // namespace fw::crypto::detail

namespace fw::crypto::detail {

// The SHA-2 compression function (FIPS 180-4 §6.2.2 and §6.4.2), with the
// message schedule kept in a 16-word ring so the bootloader's stack stays
// small. Sigma supplies the rotation counts of the word size.
template <typename Sigma, typename Word, std::size_t Rounds>
void compress(Word (&state)[8], const std::uint8_t* block, const Word (&round_constants)[Rounds]) {
    Word w[16];
    for (std::size_t t = 0; t < 16; ++t) {
        w[t] = load_be<Word>(block + sizeof(Word) * t);
    }
    Word a = state[0], b = state[1], c = state[2], d = state[3];
    Word e = state[4], f = state[5], g = state[6], h = state[7];
    for (std::size_t t = 0; t < Rounds; ++t) {
        if (t >= 16) {
            w[t & 15] += Sigma::small0(w[(t - 15) & 15]) + Sigma::small1(w[(t - 2) & 15]) + w[(t - 7) & 15];
        }
        const Word t1 = h + Sigma::big1(e) + ((e & f) ^ (~e & g)) + round_constants[t] + w[t & 15];
        const Word t2 = Sigma::big0(a) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

// Pads the last block, then writes the state big-endian as the digest.
template <std::size_t LengthBytes, std::size_t Block, typename Word, typename Compress>
void finish_digest(std::uint8_t (&buffer)[Block], std::size_t buffered, std::uint64_t total_bytes,
                   const Word (&state)[8], std::uint8_t* digest, Compress compress) {
    pad<Block, LengthBytes>(buffer, buffered, total_bytes, compress);
    for (std::size_t i = 0; i < 8; ++i) {
        store_be(digest + sizeof(Word) * i, state[i]);
    }
}

template <typename Hash>
void hash_once(const std::uint8_t* data, std::size_t length, std::uint8_t* digest) {
    Hash hash;
    hash.update(data, length);
    hash.finish(digest);
}

}  // namespace fw::crypto::detail
