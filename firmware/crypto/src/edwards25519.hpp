// Points of edwards25519 (RFC 8032 §5.1) in extended coordinates
// (X:Y:Z:T) with x = X/Z, y = Y/Z, x*y = T/Z, and the formulas of §5.1.4.
#pragma once

#include <cstdint>

#include "field25519.hpp"

namespace fw::crypto::detail {

struct Point {
    Fe x, y, z, t;
};

// A point prepared as an addend: (Y+X, Y-X, 2Z, 2d*T).
struct CachedPoint {
    Fe y_plus_x, y_minus_x, z2, t2d;
};

Point point_identity();
Point point_base();
Point point_neg(const Point& p);
Point point_double(const Point& p);
Point point_add(const Point& p, const CachedPoint& q);
CachedPoint point_cache(const Point& p);

// RFC 8032 §5.1.3; false for y ≥ p, for a y with no matching x, and for
// x = 0 with the sign bit set, so that every accepted point has exactly one
// encoding.
bool point_decode(Point& out, const std::uint8_t s[32]);
void point_encode(std::uint8_t s[32], const Point& p);

}  // namespace fw::crypto::detail
