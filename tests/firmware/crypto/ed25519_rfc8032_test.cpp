// firmware/crypto's Ed25519 verifier against RFC 8032 §7.1 and the
// decoding rules of §5.1.3 and §5.1.7.
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
using fw_crypto_test::from_hex;

struct Vector {
    const char* name;
    const char* secret_key;
    const char* public_key;
    std::string message;
    const char* signature;
};

// RFC 8032 §7.1, typed in from the RFC text.
const std::vector<Vector>& rfc_vectors() {
    static const std::vector<Vector> v = {
        {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
        {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
        {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
        {"TEST 1024", "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
         "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
         "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98"
         "fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8"
         "79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
         "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc"
         "1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4fe"
         "ba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
         "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbef"
         "efd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7"
         "aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
         "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2"
         "d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24"
         "554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
         "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc"
         "2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07"
         "07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
         "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a"
         "ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429e"
         "c96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
         "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c"
         "42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8"
         "ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
         "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08"
         "d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649"
         "de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
         "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a3"
         "2ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e"
         "6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
         "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5"
         "0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1"
         "369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
         "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c"
         "0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0",
         "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03"},
        {"TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
         "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
         "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
         "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
         "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"},
    };
    return v;
}

struct Decoded {
    Bytes secret, public_key, message, signature;
};

Decoded decode(const Vector& v) {
    return {from_hex(v.secret_key), from_hex(v.public_key), from_hex(v.message), from_hex(v.signature)};
}

bool ours(const Bytes& public_key, const Bytes& signature, const Bytes& message) {
    return fw::crypto::ed25519_verify(public_key.data(), signature.data(), message.data(), message.size());
}

// L, little-endian (RFC 8032 §5.1).
const Bytes kOrder = from_hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

// The signature with S replaced by S + L: the same point equation holds, so
// only the S < L check of §5.1.7 can refuse it.
Bytes with_s_plus_l(Bytes signature) {
    unsigned carry = 0;
    for (std::size_t i = 0; i < 32; ++i) {
        const unsigned sum = signature[32 + i] + kOrder[i] + carry;
        signature[32 + i] = static_cast<std::uint8_t>(sum);
        carry = sum >> 8;
    }
    return signature;
}

// The typed-in vectors are what the RFC says: OpenSSL derives the same public
// key from each secret key and, Ed25519 being deterministic, the same
// signature. A typo in a vector fails here, not as a verifier bug.
void vectors_agree_with_openssl(void**) {
    for (const Vector& v : rfc_vectors()) {
        const Decoded d = decode(v);
        std::array<std::uint8_t, 32> seed{};
        std::copy(d.secret.begin(), d.secret.end(), seed.begin());
        const fw_crypto_test::KeyPair key = fw_crypto_test::key_from_seed(seed);
        assert_memory_equal(key.public_key.data(), d.public_key.data(), 32);
        const fw_crypto_test::Signature sig = fw_crypto_test::openssl_sign(key, d.message);
        assert_memory_equal(sig.data(), d.signature.data(), 64);
    }
}

void rfc_vectors_verify(void**) {
    for (const Vector& v : rfc_vectors()) {
        const Decoded d = decode(v);
        if (!ours(d.public_key, d.signature, d.message)) {
            fail_msg("%s: valid signature refused", v.name);
        }
    }
}

// The bootloader feeds the image in pieces: every split point of each
// message gives the same answer as one piece.
void rfc_vectors_verify_streamed(void**) {
    for (const Vector& v : rfc_vectors()) {
        const Decoded d = decode(v);
        for (std::size_t split = 0; split <= d.message.size(); split += (d.message.size() > 100 ? 97 : 1)) {
            fw::crypto::Ed25519Verifier verifier(d.public_key.data(), d.signature.data());
            verifier.update(d.message.data(), split);
            verifier.update(d.message.data() + split, d.message.size() - split);
            if (!verifier.valid()) {
                fail_msg("%s: refused when split at %zu", v.name, split);
            }
        }
    }
}

// Every bit of TEST 3, every 17th bit of the others (a verify under ASan
// costs milliseconds).
std::size_t bit_step(const Vector& v) { return &v == &rfc_vectors()[2] ? 1 : 17; }

void bits_of_signature_and_key_matter(void**) {
    for (const Vector& v : rfc_vectors()) {
        const Decoded d = decode(v);
        for (std::size_t bit = 0; bit < 512; bit += bit_step(v)) {
            Bytes sig = d.signature;
            sig[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
            if (ours(d.public_key, sig, d.message)) {
                fail_msg("%s: signature with bit %zu flipped accepted", v.name, bit);
            }
        }
        for (std::size_t bit = 0; bit < 256; bit += bit_step(v)) {
            Bytes key = d.public_key;
            key[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
            if (ours(key, d.signature, d.message)) {
                fail_msg("%s: public key with bit %zu flipped accepted", v.name, bit);
            }
        }
    }
}

void every_bit_of_short_messages_matters(void**) {
    for (const Vector& v : rfc_vectors()) {
        const Decoded d = decode(v);
        for (std::size_t bit = 0; bit < 8 * std::min<std::size_t>(d.message.size(), 16); ++bit) {
            Bytes message = d.message;
            message[bit / 8] ^= static_cast<std::uint8_t>(1U << (bit % 8));
            if (ours(d.public_key, d.signature, message)) {
                fail_msg("%s: message with bit %zu flipped accepted", v.name, bit);
            }
        }
        Bytes longer = d.message;
        longer.push_back(0);
        assert_false(ours(d.public_key, d.signature, longer));
    }
}

// §5.1.7: "If ... S is not in range 0 <= S < L ... the signature is invalid."
void s_plus_order_refused(void**) {
    for (const Vector& v : rfc_vectors()) {
        const Decoded d = decode(v);
        assert_false(ours(d.public_key, with_s_plus_l(d.signature), d.message));
    }
}

// §5.1.3: y = 2 has no x on the curve; y = p + 1 is a second, non-canonical
// encoding of the neutral element's y; x = 0 with the sign bit set.
const Bytes kNoSuchPoint = from_hex("0200000000000000000000000000000000000000000000000000000000000000");
const Bytes kNonCanonicalY = from_hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
const Bytes kNegativeZeroX = from_hex("0100000000000000000000000000000000000000000000000000000000000080");

void undecodable_public_key_refused(void**) {
    const Decoded d = decode(rfc_vectors()[1]);
    assert_false(ours(kNoSuchPoint, d.signature, d.message));
    assert_false(ours(kNonCanonicalY, d.signature, d.message));
    assert_false(ours(kNegativeZeroX, d.signature, d.message));
}

void undecodable_r_refused(void**) {
    const Decoded d = decode(rfc_vectors()[1]);
    for (const Bytes* r : {&kNoSuchPoint, &kNonCanonicalY, &kNegativeZeroX}) {
        Bytes sig = d.signature;
        std::copy(r->begin(), r->end(), sig.begin());
        assert_false(ours(d.public_key, sig, d.message));
    }
}

// With A the neutral element, [S]B = R + [k]A holds for R = [S]B whatever
// the message, so a verifier without the y < p check of §5.1.3 accepts the
// non-canonical encoding of that A (OpenSSL 3.0 does). The canonical one is
// accepted, as the cofactorless equation wants: the test can tell the two.
void non_canonical_encodings_refused_where_the_equation_holds(void**) {
    const Bytes message = from_hex("616263");
    const Bytes identity = from_hex("0100000000000000000000000000000000000000000000000000000000000000");
    Bytes base_and_one = from_hex("5866666666666666666666666666666666666666666666666666666666666666");
    base_and_one.resize(64, 0);
    base_and_one[32] = 1;  // R = B, S = 1
    assert_true(ours(identity, base_and_one, message));
    assert_false(ours(kNonCanonicalY, base_and_one, message));

    Bytes zero = identity;  // R = neutral element, S = 0
    zero.resize(64, 0);
    assert_true(ours(identity, zero, message));
    std::copy(kNonCanonicalY.begin(), kNonCanonicalY.end(), zero.begin());
    assert_false(ours(identity, zero, message));
}

// valid() is asked once by the bootloader, but a second call must not
// re-finish the hash and change its mind.
void second_answer_repeats_the_first(void**) {
    const Decoded d = decode(rfc_vectors()[2]);
    fw::crypto::Ed25519Verifier verifier(d.public_key.data(), d.signature.data());
    verifier.update(d.message.data(), d.message.size());
    assert_true(verifier.valid());
    verifier.update(d.message.data(), d.message.size());
    assert_true(verifier.valid());
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vectors_agree_with_openssl),
        cmocka_unit_test(rfc_vectors_verify),
        cmocka_unit_test(rfc_vectors_verify_streamed),
        cmocka_unit_test(bits_of_signature_and_key_matter),
        cmocka_unit_test(every_bit_of_short_messages_matters),
        cmocka_unit_test(s_plus_order_refused),
        cmocka_unit_test(undecodable_public_key_refused),
        cmocka_unit_test(undecodable_r_refused),
        cmocka_unit_test(non_canonical_encodings_refused_where_the_equation_holds),
        cmocka_unit_test(second_answer_repeats_the_first),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
