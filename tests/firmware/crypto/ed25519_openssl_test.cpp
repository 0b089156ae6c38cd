// firmware/crypto's Ed25519 verifier against OpenSSL on random keys and
// messages: every signature OpenSSL makes is accepted, every tampering is
// refused by both.
#include <array>
#include <string>
#include <vector>

#include "fw/crypto/ed25519.hpp"
#include "openssl_ed25519.hpp"
// clang-format off
#include "cmocka.hpp"
// clang-format on

namespace {

using fw_crypto_test::Bytes;
using fw_crypto_test::PublicKey;
using fw_crypto_test::Signature;

constexpr int kCases = 300;
constexpr std::size_t kMaxMessage = 4096;

struct Case {
    PublicKey public_key;
    Signature signature;
    Bytes message;
};

bool ours(const Case& c) {
    return fw::crypto::ed25519_verify(c.public_key.data(), c.signature.data(), c.message.data(),
                                      c.message.size());
}

bool theirs(const Case& c) { return fw_crypto_test::openssl_verify(c.public_key, c.signature, c.message); }

std::size_t random_below(std::size_t n) {
    const Bytes r = fw_crypto_test::random_bytes(4);
    const std::size_t v = std::size_t{r[0]} | std::size_t{r[1]} << 8 | std::size_t{r[2]} << 16 |
                          std::size_t{r[3]} << 24;
    return v % n;
}

Case signed_case(std::size_t length) {
    const fw_crypto_test::KeyPair key = fw_crypto_test::random_key();
    Case c{key.public_key, {}, fw_crypto_test::random_bytes(length)};
    c.signature = fw_crypto_test::openssl_sign(key, c.message);
    return c;
}

template <std::size_t N>
void flip_random_bit(std::array<std::uint8_t, N>& a) {
    const std::size_t bit = random_below(8 * N);
    a[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
}

void expect_refused(const Case& c, const char* what, int index) {
    if (ours(c)) {
        fail_msg("case %d (%zu-byte message): ours accepted %s", index, c.message.size(), what);
    }
    if (theirs(c)) {
        fail_msg("case %d: OpenSSL accepted %s, so the tampering is no tampering", index, what);
    }
}

// S + L as the new S: still satisfies the group equation.
void add_order_to_s(Signature& sig) {
    static const std::uint8_t kOrder[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                            0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                            0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};
    unsigned carry = 0;
    for (std::size_t i = 0; i < 32; ++i) {
        const unsigned sum = sig[32 + i] + kOrder[i] + carry;
        sig[32 + i] = static_cast<std::uint8_t>(sum);
        carry = sum >> 8;
    }
}

// y = 2 is on no point of the curve (RFC 8032 §5.1.3 finds no square root).
template <typename Span>
void make_undecodable(Span& s) {
    std::fill(s.begin(), s.begin() + 32, 0);
    s[0] = 2;
}

void random_signatures_accepted_and_tampering_refused(void**) {
    for (int i = 0; i < kCases; ++i) {
        const std::size_t length = i == 0 ? 0 : i == 1 ? kMaxMessage : random_below(kMaxMessage + 1);
        const Case good = signed_case(length);
        if (!ours(good)) {
            fail_msg("case %d (%zu-byte message): OpenSSL's signature refused by ours", i, length);
        }
        Case c = good;
        flip_random_bit(c.signature);
        expect_refused(c, "a signature with one bit flipped", i);
        c = good;
        flip_random_bit(c.public_key);
        expect_refused(c, "a public key with one bit flipped", i);
        if (length != 0) {
            c = good;
            c.message[random_below(length)] ^= static_cast<std::uint8_t>(1U << random_below(8));
            expect_refused(c, "a message with one bit flipped", i);
        }
        c = good;
        add_order_to_s(c.signature);
        expect_refused(c, "S + L", i);
        c = good;
        make_undecodable(c.signature);
        expect_refused(c, "an R that does not decode", i);
        c = good;
        make_undecodable(c.public_key);
        expect_refused(c, "an A that does not decode", i);
    }
}

// A signature checked against another key's public key, and a signature of
// another message: valid signatures, wrong context.
void signatures_do_not_transfer(void**) {
    for (int i = 0; i < 20; ++i) {
        const Case a = signed_case(64);
        const Case b = signed_case(64);
        Case mixed = a;
        mixed.public_key = b.public_key;
        expect_refused(mixed, "another key's public key", i);
        mixed = a;
        mixed.message = b.message;
        expect_refused(mixed, "another message", i);
    }
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_signatures_accepted_and_tampering_refused),
        cmocka_unit_test(signatures_do_not_transfer),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
