// firmware/crypto's SHA-256 and SHA-512 against the FIPS 180 example
// messages, whole and streamed at every split point.
#include <openssl/evp.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fw/crypto/sha256.hpp"
#include "fw/crypto/sha512.hpp"
#include "openssl_ed25519.hpp"
// clang-format off
#include "cmocka.hpp"
// clang-format on

namespace {

using fw_crypto_test::to_hex;

struct Vector {
    std::string message;
    const char* sha256;
    const char* sha512;
};

const std::string k448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const std::string k896 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

// FIPS 180-2 appendices B and C (and the empty message).
const std::vector<Vector>& vectors() {
    static const std::vector<Vector> v = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
         "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
         "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
         "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
         "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
        {k448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
         "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
         "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"},
        {k896, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
         "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
         "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"},
        {std::string(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
         "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
         "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"},
    };
    return v;
}

const std::uint8_t* bytes(const std::string& s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }

template <typename Hash, std::size_t N>
std::string streamed(const std::string& message, std::size_t split) {
    Hash hash;
    hash.update(bytes(message), split);
    hash.update(bytes(message) + split, message.size() - split);
    std::uint8_t digest[N];
    hash.finish(digest);
    return to_hex(digest, N);
}

void fips_vectors_one_shot(void**) {
    for (const Vector& v : vectors()) {
        std::uint8_t d256[32];
        std::uint8_t d512[64];
        fw::crypto::sha256(bytes(v.message), v.message.size(), d256);
        fw::crypto::sha512(bytes(v.message), v.message.size(), d512);
        assert_string_equal(to_hex(d256, 32).c_str(), v.sha256);
        assert_string_equal(to_hex(d512, 64).c_str(), v.sha512);
    }
}

// Every split of the 896-bit message crosses SHA-256's block boundary (64)
// and SHA-512's (128) and the padding's edge cases on both sides.
void every_split_point(void**) {
    const Vector& v = vectors()[3];
    for (std::size_t split = 0; split <= v.message.size(); ++split) {
        assert_string_equal((streamed<fw::crypto::Sha256, 32>(v.message, split)).c_str(), v.sha256);
        assert_string_equal((streamed<fw::crypto::Sha512, 64>(v.message, split)).c_str(), v.sha512);
    }
}

// A million 'a' fed in uneven pieces (1, 2, 3 ... bytes), as a flash reader
// with odd page sizes would.
void million_a_in_uneven_pieces(void**) {
    const Vector& v = vectors()[4];
    fw::crypto::Sha256 h256;
    fw::crypto::Sha512 h512;
    std::size_t offset = 0;
    for (std::size_t piece = 1; offset < v.message.size(); ++piece) {
        const std::size_t n = std::min(piece % 300, v.message.size() - offset);
        h256.update(bytes(v.message) + offset, n);
        h512.update(bytes(v.message) + offset, n);
        offset += n;
    }
    std::uint8_t d256[32];
    std::uint8_t d512[64];
    h256.finish(d256);
    h512.finish(d512);
    assert_string_equal(to_hex(d256, 32).c_str(), v.sha256);
    assert_string_equal(to_hex(d512, 64).c_str(), v.sha512);
}

// Lengths around the padding boundary (55/56 and 111/112 bytes), where the
// length field spills into an extra block, against OpenSSL.
void padding_boundaries_match_openssl(void**) {
    for (std::size_t length = 0; length <= 260; ++length) {
        const std::vector<std::uint8_t> m = fw_crypto_test::random_bytes(length);
        std::uint8_t ours[64];
        std::uint8_t theirs[64];
        unsigned int n = 0;
        fw::crypto::sha256(m.data(), m.size(), ours);
        assert_int_equal(EVP_Digest(m.data(), m.size(), theirs, &n, EVP_sha256(), nullptr), 1);
        assert_memory_equal(ours, theirs, 32);
        fw::crypto::sha512(m.data(), m.size(), ours);
        assert_int_equal(EVP_Digest(m.data(), m.size(), theirs, &n, EVP_sha512(), nullptr), 1);
        assert_memory_equal(ours, theirs, 64);
    }
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fips_vectors_one_shot),
        cmocka_unit_test(every_split_point),
        cmocka_unit_test(million_a_in_uneven_pieces),
        cmocka_unit_test(padding_boundaries_match_openssl),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
