#include "fw/crypto/ed25519.hpp"

#include <cstring>

#include "edwards25519.hpp"
#include "scalar25519.hpp"

namespace fw::crypto {
namespace {

using namespace detail;

// Window width of the signed sliding windows: digits are odd and within
// ±(2^(kWindow-1) - 1), so each point needs that many odd multiples.
constexpr int kWindow = 4;
constexpr int kMaxDigit = (1 << (kWindow - 1)) - 1;
constexpr int kOddMultiples = (kMaxDigit + 1) / 2;

// The scalar (below 2^253) as 256 signed digits, each zero or odd and
// within ±kMaxDigit, with at least kWindow - 1 zeros between non-zero
// digits on average: sum(digit[i] * 2^i) is the scalar.
void signed_digits(std::int8_t (&digit)[256], const std::uint8_t s[32]) {
    for (int i = 0; i < 256; ++i) {
        digit[i] = static_cast<std::int8_t>((s[i / 8] >> (i % 8)) & 1);
    }
    for (int i = 0; i < 256; ++i) {
        if (digit[i] == 0) {
            continue;
        }
        // Fold the following bits into this digit while it stays in range;
        // subtracting borrows a one from the next higher zero digit.
        for (int b = 1; b < kWindow + 2 && i + b < 256; ++b) {
            if (digit[i + b] == 0) {
                continue;
            }
            const int shifted = digit[i + b] * (1 << b);
            if (digit[i] + shifted <= kMaxDigit) {
                digit[i] = static_cast<std::int8_t>(digit[i] + shifted);
                digit[i + b] = 0;
            } else if (digit[i] - shifted >= -kMaxDigit) {
                digit[i] = static_cast<std::int8_t>(digit[i] - shifted);
                for (int k = i + b; k < 256; ++k) {
                    if (digit[k] == 0) {
                        digit[k] = 1;
                        break;
                    }
                    digit[k] = 0;
                }
            } else {
                break;
            }
        }
    }
}

// P, 3P, 5P ... as addends.
void odd_multiples(CachedPoint (&table)[kOddMultiples], const Point& p) {
    const CachedPoint twice = point_cache(point_double(p));
    Point multiple = p;
    for (int i = 0; i < kOddMultiples; ++i) {
        table[i] = point_cache(multiple);
        multiple = point_add(multiple, twice);
    }
}

Point add_digit(const Point& acc, int digit, const CachedPoint (&table)[kOddMultiples]) {
    if (digit > 0) {
        return point_add(acc, table[digit / 2]);
    }
    const CachedPoint& q = table[-digit / 2];
    return point_add(acc, CachedPoint{q.y_minus_x, q.y_plus_x, q.z2, fe_neg(q.t2d)});  // -Q
}

// [s]B + [k]P with both scalars in signed sliding windows (Straus): one
// doubling per bit, an addition per non-zero digit. Variable-time, which is
// fine for the public inputs of a verification.
Point double_scalar_mul(const std::uint8_t s[32], const std::uint8_t k[32], const Point& p) {
    std::int8_t s_digits[256];
    std::int8_t k_digits[256];
    signed_digits(s_digits, s);
    signed_digits(k_digits, k);
    CachedPoint base_table[kOddMultiples];
    CachedPoint p_table[kOddMultiples];
    odd_multiples(base_table, point_base());
    odd_multiples(p_table, p);
    int top = 255;
    while (top >= 0 && s_digits[top] == 0 && k_digits[top] == 0) {
        --top;
    }
    Point acc = point_identity();
    for (int i = top; i >= 0; --i) {
        acc = point_double(acc);
        if (s_digits[i] != 0) {
            acc = add_digit(acc, s_digits[i], base_table);
        }
        if (k_digits[i] != 0) {
            acc = add_digit(acc, k_digits[i], p_table);
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
