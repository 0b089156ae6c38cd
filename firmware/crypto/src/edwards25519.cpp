#include "edwards25519.hpp"

#include <cstring>

namespace fw::crypto::detail {
namespace {

// d = -121665/121666, 2d, sqrt(-1) and the base point B of RFC 8032 §5.1,
// little-endian.
constexpr std::uint8_t kD[32] = {0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41,
                                 0x41, 0x4d, 0x0a, 0x70, 0x00, 0x98, 0xe8, 0x79, 0x77, 0x79, 0x40,
                                 0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52};
constexpr std::uint8_t k2D[32] = {0x59, 0xf1, 0xb2, 0x26, 0x94, 0x9b, 0xd6, 0xeb, 0x56, 0xb1, 0x83,
                                  0x82, 0x9a, 0x14, 0xe0, 0x00, 0x30, 0xd1, 0xf3, 0xee, 0xf2, 0x80,
                                  0x8e, 0x19, 0xe7, 0xfc, 0xdf, 0x56, 0xdc, 0xd9, 0x06, 0x24};
constexpr std::uint8_t kSqrtM1[32] = {0xb0, 0xa0, 0x0e, 0x4a, 0x27, 0x1b, 0xee, 0xc4, 0x78, 0xe4, 0x2f,
                                      0xad, 0x06, 0x18, 0x43, 0x2f, 0xa7, 0xd7, 0xfb, 0x3d, 0x99, 0x00,
                                      0x4d, 0x2b, 0x0b, 0xdf, 0xc1, 0x4f, 0x80, 0x24, 0x83, 0x2b};
constexpr std::uint8_t kBaseX[32] = {0x1a, 0xd5, 0x25, 0x8f, 0x60, 0x2d, 0x56, 0xc9, 0xb2, 0xa7, 0x25,
                                     0x95, 0x60, 0xc7, 0x2c, 0x69, 0x5c, 0xdc, 0xd6, 0xfd, 0x31, 0xe2,
                                     0xa4, 0xc0, 0xfe, 0x53, 0x6e, 0xcd, 0xd3, 0x36, 0x69, 0x21};
constexpr std::uint8_t kBaseY[32] = {0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                     0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                     0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66};

// y < p, read from the 255 bits below the sign bit.
bool canonical_y(const std::uint8_t s[32]) {
    // p = 2^255 - 19 is 0xed, 0xff ... 0xff, 0x7f little-endian; y ≥ p
    // only if bytes 1..30 are 0xff, byte 31 (without the sign) 0x7f and
    // byte 0 at least 0xed.
    if ((s[31] & 0x7f) != 0x7f) {
        return true;
    }
    for (int i = 30; i >= 1; --i) {
        if (s[i] != 0xff) {
            return true;
        }
    }
    return s[0] < 0xed;
}

}  // namespace

Point point_identity() { return {fe_zero(), fe_one(), fe_one(), fe_zero()}; }

Point point_base() {
    const Fe x = fe_from_bytes(kBaseX);
    const Fe y = fe_from_bytes(kBaseY);
    return {x, y, fe_one(), fe_mul(x, y)};
}

Point point_neg(const Point& p) { return {fe_neg(p.x), p.y, p.z, fe_neg(p.t)}; }

// §5.1.4, doubling for a = -1: 4 squarings and 4 multiplications.
Point point_double(const Point& p) {
    const Fe a = fe_sq(p.x);
    const Fe b = fe_sq(p.y);
    const Fe zz = fe_sq(p.z);
    const Fe c = fe_add(zz, zz);
    const Fe h = fe_add(a, b);
    const Fe e = fe_sub(h, fe_sq(fe_add(p.x, p.y)));
    const Fe g = fe_sub(a, b);
    const Fe f = fe_add(c, g);
    return {fe_mul(f, e), fe_mul(g, h), fe_mul(f, g), fe_mul(e, h)};
}

// §5.1.4, addition with the addend's constant parts prepared.
Point point_add(const Point& p, const CachedPoint& q) {
    const Fe a = fe_mul(fe_sub(p.y, p.x), q.y_minus_x);
    const Fe b = fe_mul(fe_add(p.y, p.x), q.y_plus_x);
    const Fe c = fe_mul(p.t, q.t2d);
    const Fe d = fe_mul(p.z, q.z2);
    const Fe e = fe_sub(b, a);
    const Fe f = fe_sub(d, c);
    const Fe g = fe_add(d, c);
    const Fe h = fe_add(b, a);
    return {fe_mul(e, f), fe_mul(g, h), fe_mul(f, g), fe_mul(e, h)};
}

CachedPoint point_cache(const Point& p) {
    return {fe_carry(fe_add(p.y, p.x)), fe_carry(fe_sub(p.y, p.x)), fe_carry(fe_add(p.z, p.z)),
            fe_mul(p.t, fe_from_bytes(k2D))};
}

bool point_decode(Point& out, const std::uint8_t s[32]) {
    if (!canonical_y(s)) {
        return false;
    }
    const bool x_odd = (s[31] & 0x80) != 0;
    const Fe y = fe_from_bytes(s);
    const Fe yy = fe_sq(y);
    const Fe u = fe_sub(yy, fe_one());                      // y^2 - 1
    const Fe v = fe_add(fe_mul(yy, fe_from_bytes(kD)), fe_one());  // d y^2 + 1
    // x = (u/v)^((p+3)/8) = u v^3 (u v^7)^((p-5)/8)
    const Fe v3 = fe_mul(fe_sq(v), v);
    const Fe uv7 = fe_mul(u, fe_mul(fe_sq(v3), v));
    Fe x = fe_mul(fe_mul(u, v3), fe_pow22523(uv7));
    const Fe vxx = fe_mul(v, fe_sq(x));
    if (!fe_equal(vxx, u)) {
        if (!fe_equal(vxx, fe_neg(u))) {
            return false;  // u/v is not a square: no point has this y
        }
        x = fe_mul(x, fe_from_bytes(kSqrtM1));
    }
    if (fe_is_zero(x) && x_odd) {
        return false;
    }
    if (fe_is_odd(x) != x_odd) {
        x = fe_neg(x);
    }
    x = fe_carry(x);
    out = {x, y, fe_one(), fe_mul(x, y)};
    return true;
}

void point_encode(std::uint8_t s[32], const Point& p) {
    const Fe z_inv = fe_invert(p.z);
    const Fe x = fe_mul(p.x, z_inv);
    fe_to_bytes(s, fe_mul(p.y, z_inv));
    s[31] = static_cast<std::uint8_t>(s[31] | (fe_is_odd(x) ? 0x80 : 0));
}

}  // namespace fw::crypto::detail
