// Elliptic-curve arithmetic for PACE's ECDH generic mapping (ICAO Doc 9303
// part 11 section 4.4.3.3.1) on the two curves our suite offers. Points travel
// uncompressed (04 || X || Y), scalars as big-endian bytes, as on the wire.
#pragma once

#include <cstdint>

#include "station/card/access/primitives.hpp"

namespace station::card::access {

// Standardized domain parameter IDs (part 11 section 9.5.1, table 6).
enum class PaceCurve : std::uint8_t {
  kNistP256 = 12,
  kBrainpoolP256r1 = 13,
};

// Errors: kUnsupported (an ID we do not implement).
hal::Result<PaceCurve> pace_curve(long parameter_id);
const char* curve_name(PaceCurve curve);

// A scalar in [1, n-1] drawn from `random` (32 bytes per draw, rejected
// draws repeated). Errors: the source's, kInternal.
hal::Result<hal::Bytes> random_scalar(PaceCurve curve, const RandomSource& random);

// scalar * point; an empty `point` means the curve's generator G.
// Errors: kProtocol (point not on the curve, at infinity, or misencoded),
// kInvalidArgument (scalar zero or not below the order), kInternal.
hal::Result<hal::Bytes> multiply(PaceCurve curve, hal::ByteView point, hal::ByteView scalar);

// The mapped generator G~ = s * G + H of the generic mapping, from the nonce s
// and the point H = SK_map * PK_map. Errors: as multiply().
hal::Result<hal::Bytes> map_generator(PaceCurve curve, hal::ByteView nonce, hal::ByteView h);

// X of an uncompressed point: the shared secret K of the key agreement.
// Errors: kProtocol (not an uncompressed point).
hal::Result<hal::Bytes> x_coordinate(hal::ByteView point);

}  // namespace station::card::access
