#include "field25519.hpp"

#include <cstring>

namespace fw::crypto::detail {
namespace {

constexpr int kBits[10] = {26, 25, 26, 25, 26, 25, 26, 25, 26, 25};
constexpr int kOffset[10] = {0, 26, 51, 77, 102, 128, 153, 179, 204, 230};

// Brings 64-bit limbs back to about ±2^25 with rounding carries; the carry
// out of the top limb re-enters at the bottom times 19 (2^255 = 19 mod p),
// hence the second carry out of limb 0.
Fe carry(std::int64_t (&h)[10]) {
    for (int i = 0; i < 10; ++i) {
        const std::int64_t c = (h[i] + (std::int64_t{1} << (kBits[i] - 1))) >> kBits[i];
        h[i] -= c * (std::int64_t{1} << kBits[i]);
        if (i < 9) {
            h[i + 1] += c;
        } else {
            h[0] += 19 * c;
        }
    }
    const std::int64_t c = (h[0] + (std::int64_t{1} << 25)) >> 26;
    h[0] -= c * (std::int64_t{1} << 26);
    h[1] += c;
    Fe out;
    for (int i = 0; i < 10; ++i) {
        out.limb[i] = static_cast<std::int32_t>(h[i]);
    }
    return out;
}

// Floor carries: afterwards every limb is in [0, 2^bits), the value in
// [0, 2^255). Three rounds absorb a borrow that wraps around the top.
void carry_nonnegative(std::int64_t (&h)[10]) {
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 10; ++i) {
            const std::int64_t c = h[i] >> kBits[i];
            h[i] -= c * (std::int64_t{1} << kBits[i]);
            if (i < 9) {
                h[i + 1] += c;
            } else {
                h[0] += 19 * c;
            }
        }
    }
}

Fe sq_n(Fe f, int n) {
    for (int i = 0; i < n; ++i) {
        f = fe_sq(f);
    }
    return f;
}

// z^(2^250 - 1) and z^11: the shared prefix of the inversion and square-root
// exponents, by the usual addition chain (254 squarings, 11 multiplications).
struct Pow250 {
    Fe z11;
    Fe z_2_250_1;
};

Pow250 pow_2_250_1(const Fe& z) {
    const Fe z2 = fe_sq(z);
    const Fe z9 = fe_mul(sq_n(z2, 2), z);
    const Fe z11 = fe_mul(z2, z9);
    const Fe z_5 = fe_mul(fe_sq(z11), z9);         // 2^5 - 1
    const Fe z_10 = fe_mul(sq_n(z_5, 5), z_5);     // 2^10 - 1
    const Fe z_20 = fe_mul(sq_n(z_10, 10), z_10);  // 2^20 - 1
    const Fe z_40 = fe_mul(sq_n(z_20, 20), z_20);  // 2^40 - 1
    const Fe z_50 = fe_mul(sq_n(z_40, 10), z_10);  // 2^50 - 1
    const Fe z_100 = fe_mul(sq_n(z_50, 50), z_50);
    const Fe z_200 = fe_mul(sq_n(z_100, 100), z_100);
    return {z11, fe_mul(sq_n(z_200, 50), z_50)};
}

}  // namespace

Fe fe_zero() { return Fe{}; }

Fe fe_one() {
    Fe f{};
    f.limb[0] = 1;
    return f;
}

Fe fe_add(const Fe& f, const Fe& g) {
    Fe h;
    for (int i = 0; i < 10; ++i) {
        h.limb[i] = f.limb[i] + g.limb[i];
    }
    return h;
}

Fe fe_sub(const Fe& f, const Fe& g) {
    Fe h;
    for (int i = 0; i < 10; ++i) {
        h.limb[i] = f.limb[i] - g.limb[i];
    }
    return h;
}

Fe fe_neg(const Fe& f) { return fe_sub(fe_zero(), f); }

Fe fe_carry(const Fe& f) {
    std::int64_t h[10];
    for (int i = 0; i < 10; ++i) {
        h[i] = f.limb[i];
    }
    return carry(h);
}

// Schoolbook product: term f_i g_j lands in limb i+j, doubled when both
// limbs are odd (their weights round up twice) and times 19 past limb 9.
Fe fe_mul(const Fe& f, const Fe& g) {
    std::int32_t g19[10];
    for (int j = 0; j < 10; ++j) {
        g19[j] = 19 * g.limb[j];
    }
    std::int64_t h[10] = {};
    for (int i = 0; i < 10; ++i) {
        const std::int64_t fi = f.limb[i];
        const std::int64_t fi2 = (i & 1) ? 2 * fi : fi;
        for (int j = 0; j < 10; ++j) {
            const std::int64_t fij = (j & 1) ? fi2 : fi;
            if (i + j < 10) {
                h[i + j] += fij * g.limb[j];
            } else {
                h[i + j - 10] += fij * g19[j];
            }
        }
    }
    return carry(h);
}

// A dedicated 55-product squaring measured no faster here (more
// instructions under callgrind than the fully unrolled product): keep one.
Fe fe_sq(const Fe& f) { return fe_mul(f, f); }

Fe fe_invert(const Fe& z) {
    const Pow250 p = pow_2_250_1(z);
    return fe_mul(sq_n(p.z_2_250_1, 5), p.z11);  // z^(2^255 - 21) = z^(p - 2)
}

Fe fe_pow22523(const Fe& z) {
    return fe_mul(sq_n(pow_2_250_1(z).z_2_250_1, 2), z);  // z^(2^252 - 3)
}

Fe fe_from_bytes(const std::uint8_t s[32]) {
    std::int64_t h[10];
    for (int i = 0; i < 10; ++i) {
        std::uint64_t bits = 0;
        for (int k = kBits[i] - 1; k >= 0; --k) {
            const int bit = kOffset[i] + k;
            bits = (bits << 1) | ((s[bit / 8] >> (bit % 8)) & 1U);
        }
        h[i] = static_cast<std::int64_t>(bits);
    }
    return carry(h);
}

void fe_to_bytes(std::uint8_t s[32], const Fe& f) {
    std::int64_t h[10];
    for (int i = 0; i < 10; ++i) {
        h[i] = f.limb[i];
    }
    carry_nonnegative(h);
    // The value t is now below 2^255; t ≥ p exactly when t + 19 carries out
    // of bit 255, and then t - p is t + 19 with that carry dropped.
    std::int64_t q = (h[0] + 19) >> 26;
    for (int i = 1; i < 10; ++i) {
        q = (h[i] + q) >> kBits[i];
    }
    h[0] += 19 * q;
    for (int i = 0; i < 9; ++i) {
        const std::int64_t c = h[i] >> kBits[i];
        h[i] -= c * (std::int64_t{1} << kBits[i]);
        h[i + 1] += c;
    }
    h[9] &= (std::int64_t{1} << 25) - 1;
    std::memset(s, 0, 32);
    for (int i = 0; i < 10; ++i) {
        for (int k = 0; k < kBits[i]; ++k) {
            const int bit = kOffset[i] + k;
            s[bit / 8] = static_cast<std::uint8_t>(s[bit / 8] | (((h[i] >> k) & 1) << (bit % 8)));
        }
    }
}

bool fe_is_zero(const Fe& f) {
    std::uint8_t s[32];
    fe_to_bytes(s, f);
    std::uint8_t acc = 0;
    for (const std::uint8_t b : s) {
        acc = static_cast<std::uint8_t>(acc | b);
    }
    return acc == 0;
}

bool fe_is_odd(const Fe& f) {
    std::uint8_t s[32];
    fe_to_bytes(s, f);
    return (s[0] & 1U) != 0;
}

bool fe_equal(const Fe& f, const Fe& g) { return fe_is_zero(fe_sub(f, g)); }

}  // namespace fw::crypto::detail
