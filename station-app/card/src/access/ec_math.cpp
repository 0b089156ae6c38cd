#include "station/card/access/ec_math.hpp"

#include <openssl/obj_mac.h>

#include <string>

#include "openssl_util.hpp"

namespace station::card::access {

namespace {

constexpr std::size_t kCoordinateSize = 32;
constexpr std::size_t kPointSize = 1 + 2 * kCoordinateSize;
constexpr int kMaxDraws = 64;

struct Curve {
  ossl::EcGroup group;
  ossl::BnCtx bn;
};

hal::Result<Curve> load(PaceCurve curve) {
  const int nid = curve == PaceCurve::kNistP256 ? NID_X9_62_prime256v1 : NID_brainpoolP256r1;
  Curve loaded{ossl::EcGroup(EC_GROUP_new_by_curve_name(nid)), ossl::BnCtx(BN_CTX_new())};
  if (!loaded.group || !loaded.bn) return openssl_error(std::string("loading curve ") + curve_name(curve));
  return loaded;
}

hal::Result<ossl::EcPoint> decode_point(const Curve& curve, hal::ByteView encoded) {
  if (encoded.size() != kPointSize || encoded[0] != 0x04)
    return hal::make_error(hal::ErrorCode::kProtocol, "an EC point must be 65 bytes starting 04 (uncompressed), got " +
                                                          std::to_string(encoded.size()) + " bytes");
  ossl::EcPoint point(EC_POINT_new(curve.group.get()));
  if (!point) return openssl_error("allocating an EC point");
  if (EC_POINT_oct2point(curve.group.get(), point.get(), encoded.data(), encoded.size(), curve.bn.get()) != 1 ||
      EC_POINT_is_on_curve(curve.group.get(), point.get(), curve.bn.get()) != 1 ||
      EC_POINT_is_at_infinity(curve.group.get(), point.get()))
    return openssl_error("the EC point " + hal::to_hex(encoded.first(9)) + "... is not on the curve",
                         hal::ErrorCode::kProtocol);
  return point;
}

hal::Result<hal::Bytes> encode_point(const Curve& curve, const EC_POINT* point) {
  if (EC_POINT_is_at_infinity(curve.group.get(), point))
    return hal::make_error(hal::ErrorCode::kProtocol, "the computed EC point is at infinity");
  hal::Bytes out(kPointSize);
  if (EC_POINT_point2oct(curve.group.get(), point, POINT_CONVERSION_UNCOMPRESSED, out.data(), out.size(),
                         curve.bn.get()) != out.size())
    return openssl_error("encoding an EC point");
  return out;
}

hal::Result<ossl::Bn> decode_scalar(const Curve& curve, hal::ByteView bytes) {
  ossl::Bn scalar(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!scalar) return openssl_error("decoding a scalar");
  const BIGNUM* order = EC_GROUP_get0_order(curve.group.get());
  if (BN_is_zero(scalar.get()) || BN_cmp(scalar.get(), order) >= 0)
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "a scalar must lie in [1, n-1]");
  return scalar;
}

}  // namespace

hal::Result<PaceCurve> pace_curve(long parameter_id) {
  if (parameter_id == static_cast<long>(PaceCurve::kNistP256)) return PaceCurve::kNistP256;
  if (parameter_id == static_cast<long>(PaceCurve::kBrainpoolP256r1)) return PaceCurve::kBrainpoolP256r1;
  return hal::make_error(hal::ErrorCode::kUnsupported,
                         "PACE domain parameter " + std::to_string(parameter_id) +
                             " is not implemented (12 NIST P-256 and 13 brainpoolP256r1 are)");
}

const char* curve_name(PaceCurve curve) { return curve == PaceCurve::kNistP256 ? "NIST P-256" : "brainpoolP256r1"; }

hal::Result<hal::Bytes> random_scalar(PaceCurve curve, const RandomSource& random) {
  auto loaded = load(curve);
  if (!loaded) return loaded.error();
  for (int draw = 0; draw < kMaxDraws; ++draw) {
    auto bytes = random(kCoordinateSize);
    if (!bytes) return bytes.error();
    if (decode_scalar(*loaded, *bytes)) return bytes;
  }
  return hal::make_error(hal::ErrorCode::kInternal, "the random source gave no usable scalar in 64 draws");
}

hal::Result<hal::Bytes> multiply(PaceCurve curve, hal::ByteView point, hal::ByteView scalar) {
  auto loaded = load(curve);
  if (!loaded) return loaded.error();
  auto k = decode_scalar(*loaded, scalar);
  if (!k) return k.error();
  ossl::EcPoint result(EC_POINT_new(loaded->group.get()));
  if (!result) return openssl_error("allocating an EC point");
  int done = 0;
  if (point.empty()) {
    done = EC_POINT_mul(loaded->group.get(), result.get(), k->get(), nullptr, nullptr, loaded->bn.get());
  } else {
    auto base = decode_point(*loaded, point);
    if (!base) return base.error();
    done = EC_POINT_mul(loaded->group.get(), result.get(), nullptr, base->get(), k->get(), loaded->bn.get());
  }
  if (done != 1) return openssl_error("EC point multiplication");
  return encode_point(*loaded, result.get());
}

hal::Result<hal::Bytes> map_generator(PaceCurve curve, hal::ByteView nonce, hal::ByteView h) {
  auto loaded = load(curve);
  if (!loaded) return loaded.error();
  auto s = decode_scalar(*loaded, nonce);
  if (!s) return s.error();
  auto h_point = decode_point(*loaded, h);
  if (!h_point) return h_point.error();
  ossl::EcPoint mapped(EC_POINT_new(loaded->group.get()));
  if (!mapped) return openssl_error("allocating an EC point");
  // s * G + 1 * H in one call.
  ossl::Bn one(BN_new());
  if (!one || BN_one(one.get()) != 1 ||
      EC_POINT_mul(loaded->group.get(), mapped.get(), s->get(), h_point->get(), one.get(), loaded->bn.get()) != 1)
    return openssl_error("computing the mapped generator");
  return encode_point(*loaded, mapped.get());
}

hal::Result<hal::Bytes> x_coordinate(hal::ByteView point) {
  if (point.size() != kPointSize || point[0] != 0x04)
    return hal::make_error(hal::ErrorCode::kProtocol, "not an uncompressed 256-bit EC point");
  return hal::Bytes(point.begin() + 1, point.begin() + 1 + kCoordinateSize);
}

}  // namespace station::card::access
