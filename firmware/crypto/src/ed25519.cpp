#include "fw/crypto/ed25519.hpp"

#include <cstring>

#include "edwards25519.hpp"
#include "scalar25519.hpp"

namespace fw::crypto {
namespace {

using namespace detail;

bool bit_of(const std::uint8_t s[32], int i) { return ((s[i / 8] >> (i % 8)) & 1U) != 0; }

// [s]B + [k]P by Shamir's trick: one doubling per bit and at most one
// addition of B, P or B+P. Variable-time, which is fine for public inputs.
Point double_scalar_mul(const std::uint8_t s[32], const std::uint8_t k[32], const Point& p) {
    const Point base = point_base();
    const CachedPoint addend[3] = {point_cache(base), point_cache(p),
                                   point_cache(point_add(base, point_cache(p)))};
    Point acc = point_identity();
    for (int i = 255; i >= 0; --i) {
        acc = point_double(acc);
        const int pick = (bit_of(s, i) ? 1 : 0) | (bit_of(k, i) ? 2 : 0);
        if (pick != 0) {
            acc = point_add(acc, addend[pick - 1]);
        }
    }
    return acc;
}

}  // namespace

Ed25519Verifier::Ed25519Verifier(const std::uint8_t public_key[32], const std::uint8_t signature[64]) {
    std::memcpy(public_key_, public_key, sizeof public_key_);
    std::memcpy(signature_, signature, sizeof signature_);
    hash_.update(signature_, 32);  // R
    hash_.update(public_key_, sizeof public_key_);
}

void Ed25519Verifier::update(const std::uint8_t* message, std::size_t length) {
    if (!decided_) {
        hash_.update(message, length);
    }
}

// RFC 8032 §5.1.7. The check is the cofactorless [S]B = R + [k]A, as
// OpenSSL's verifier does (not the cofactored [8][S]B = [8]R + [8][k]A the
// RFC allows), so both accept exactly the same signatures. It is computed as
// encode([S]B - [k]A) == R: decoding R first rejects what §5.1.7 calls
// undecodable, after which R has only one encoding, so comparing bytes is
// comparing points.
bool Ed25519Verifier::valid() {
    if (decided_) {
        return valid_;
    }
    decided_ = true;
    const std::uint8_t* r_bytes = signature_;
    const std::uint8_t* s_bytes = signature_ + 32;
    std::uint8_t digest[64];
    hash_.finish(digest);
    Point a;
    Point r;
    if (!scalar_is_canonical(s_bytes) || !point_decode(a, public_key_) || !point_decode(r, r_bytes)) {
        return false;
    }
    std::uint8_t k[32];
    scalar_reduce(k, digest);
    std::uint8_t check[32];
    point_encode(check, double_scalar_mul(s_bytes, k, point_neg(a)));
    valid_ = std::memcmp(check, r_bytes, sizeof check) == 0;
    return valid_;
}

bool ed25519_verify(const std::uint8_t public_key[32], const std::uint8_t signature[64],
                    const std::uint8_t* message, std::size_t length) {
    Ed25519Verifier verifier(public_key, signature);
    verifier.update(message, length);
    return verifier.valid();
}

}  // namespace fw::crypto
