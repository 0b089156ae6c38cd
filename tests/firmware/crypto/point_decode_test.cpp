// Point decoding of firmware/crypto (RFC 8032 §5.1.3), checked directly:
// through the verifier, a bogus point only ever makes the equation fail, so
// a decoder that invents points would go unnoticed there.
#include <string>
#include <vector>

#include "edwards25519.hpp"
#include "openssl_ed25519.hpp"
// clang-format off
#include "cmocka.hpp"
// clang-format on

namespace {

using namespace fw::crypto::detail;
using fw_crypto_test::Bytes;
using fw_crypto_test::from_hex;

const Bytes kD = from_hex("a3785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352");

// -x^2 + y^2 = 1 + d x^2 y^2 for the affine point.
bool on_curve(const Point& p) {
    const Fe z_inv = fe_invert(p.z);
    const Fe x2 = fe_sq(fe_mul(p.x, z_inv));
    const Fe y2 = fe_sq(fe_mul(p.y, z_inv));
    const Fe left = fe_sub(y2, x2);
    const Fe right = fe_add(fe_one(), fe_mul(fe_from_bytes(kD.data()), fe_mul(x2, y2)));
    return fe_equal(left, right);
}

void public_keys_decode_onto_the_curve_and_back(void**) {
    for (int i = 0; i < 200; ++i) {
        const fw_crypto_test::KeyPair key = fw_crypto_test::random_key();
        Point p;
        assert_true(point_decode(p, key.public_key.data()));
        assert_true(on_curve(p));
        std::uint8_t again[32];
        point_encode(again, p);
        assert_memory_equal(again, key.public_key.data(), 32);
    }
}

// About half of all y have a point; the rest must be refused, never bent
// onto some x that is off the curve.
void random_y_either_refused_or_on_the_curve(void**) {
    int decoded = 0;
    for (int i = 0; i < 400; ++i) {
        Bytes s = fw_crypto_test::random_bytes(32);
        s[31] &= 0x3f;  // y < 2^254 < p, sign bit clear
        Point p;
        if (point_decode(p, s.data())) {
            ++decoded;
            assert_true(on_curve(p));
            std::uint8_t again[32];
            point_encode(again, p);
            assert_memory_equal(again, s.data(), 32);
        }
    }
    assert_in_range(decoded, 100, 300);
}

void refusals_of_section_5_1_3(void**) {
    Point p;
    const Bytes no_x = from_hex("0200000000000000000000000000000000000000000000000000000000000000");
    const Bytes y_is_p = from_hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    const Bytes negative_zero = from_hex("0100000000000000000000000000000000000000000000000000000000000080");
    const Bytes all_ones = from_hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    assert_false(point_decode(p, no_x.data()));
    assert_false(point_decode(p, y_is_p.data()));
    assert_false(point_decode(p, negative_zero.data()));
    assert_false(point_decode(p, all_ones.data()));
    const Bytes y_is_p_minus_1 = from_hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    assert_true(point_decode(p, y_is_p_minus_1.data()));  // y = -1: the point (0, -1)
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(public_keys_decode_onto_the_curve_and_back),
        cmocka_unit_test(random_y_either_refused_or_on_the_curve),
        cmocka_unit_test(refusals_of_section_5_1_3),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
