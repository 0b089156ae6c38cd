// fw-sign end to end: images signed with a PEM key and with a SoftHSM2 token
// key, checked by `openssl pkeyutl -verify -rawin` (the independent check),
// by firmware/crypto and by the bootloader's own slot verifier; bad arguments
// a wrong PIN and the other token errors refused with a clear message and no
// image written.
#include <openssl/evp.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <string>
#include <vector>

#include "fw/crypto/ed25519.hpp"
#include "fw/image/verify.hpp"
#include "fw/platform/layout.hpp"
#include "fw/platform/ram_nor_flash.hpp"
#include "subprocess.hpp"
// clang-format off
#include "cmocka.hpp"
// clang-format on

namespace {

namespace fs = std::filesystem;
namespace layout = fw::platform::layout;
using Bytes = std::vector<std::uint8_t>;
using testing_support::contains;
using testing_support::RunResult;

constexpr const char* kModule = "/usr/lib/softhsm/libsofthsm2.so";
constexpr const char* kToken = "fw-sign-test";
constexpr const char* kPin = "4711";
constexpr std::size_t kPayloadSize = 3000;
// A shared library that is no PKCS#11 module (it has no C_GetFunctionList).
constexpr const char* kNotAModule = "/usr/lib/x86_64-linux-gnu/libcrypto.so.3";

struct World {
    fs::path dir;
    fs::path key;        // Ed25519 PEM private key
    fs::path key_pub;    // its public half, PEM, from openssl
    fs::path token_pub;  // the token key's public half, PEM, from pkcs11-tool
    fs::path pin_file;
    fs::path payload;
    std::map<std::string, std::string> token_env;
};
World world;

Bytes read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_bytes(const fs::path& p, const Bytes& b) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

void must_run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {}) {
    const RunResult r = testing_support::run(argv, env);
    if (r.exit_code != 0) {
        fail_msg("%s failed (%d): %s%s", argv[0].c_str(), r.exit_code, r.out.c_str(), r.err.c_str());
    }
}

RunResult fw_sign(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) {
    args.insert(args.begin(), FW_SIGN);
    return testing_support::run(args, env);
}

std::string inherited(const char* name) {
    const char* value = std::getenv(name);
    return value == nullptr || *value == '\0' ? "" : std::string(value) + ":";
}

// A SoftHSM2 token of our own (own SOFTHSM2_CONF, tokens in the temp dir)
// with an Ed25519 key pair "release", as tests/rig/make-token makes the
// station's. The PIN is on these command lines: test set-up, not fw-sign.
void make_token() {
    const fs::path conf = world.dir / "softhsm2.conf";
    fs::create_directories(world.dir / "tokens");
    std::ofstream(conf) << "directories.tokendir = " << (world.dir / "tokens").string()
                        << "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n";
    world.token_env = {{"SOFTHSM2_CONF", conf.string()},
                       // SoftHSM2 2.6.1 leaks inside EdDSA C_Sign; see the file.
                       {"ASAN_OPTIONS", inherited("ASAN_OPTIONS") + "fast_unwind_on_malloc=0"},
                       {"LSAN_OPTIONS", std::string("suppressions=") + SOFTHSM_SUPP + ":print_suppressions=0"}};
    const std::map<std::string, std::string> env = {{"SOFTHSM2_CONF", conf.string()}};
    must_run({"/usr/bin/softhsm2-util", "--init-token", "--free", "--label", kToken, "--pin", kPin, "--so-pin",
              "12345678"},
             env);
    must_run({"/usr/bin/pkcs11-tool", "--module", kModule, "--token-label", kToken, "--login", "--pin", kPin,
              "--keypairgen", "--key-type", "EC:edwards25519", "--label", "release", "--id", "01"},
             env);
    world.token_pub = world.dir / "token.pub.pem";
    must_run({"/usr/bin/pkcs11-tool", "--module", kModule, "--token-label", kToken, "--read-object", "--type",
              "pubkey", "--label", "release", "-o", world.token_pub.string()},
             env);
}

int setup(void**) {
    char dir_template[] = "/tmp/fw-sign-test-XXXXXX";
    world.dir = mkdtemp(dir_template);
    world.key = world.dir / "signing.pem";
    world.key_pub = world.dir / "signing.pub.pem";
    must_run({"/usr/bin/openssl", "genpkey", "-algorithm", "ed25519", "-out", world.key.string()});
    must_run({"/usr/bin/openssl", "pkey", "-in", world.key.string(), "-pubout", "-out", world.key_pub.string()});
    world.payload = world.dir / "app.bin";
    Bytes payload(kPayloadSize);
    for (std::size_t i = 0; i < payload.size(); ++i) {
        payload[i] = static_cast<std::uint8_t>(i * 7 + 3);
    }
    write_bytes(world.payload, payload);
    world.pin_file = world.dir / "pin";
    std::ofstream(world.pin_file) << kPin << "\n";
    make_token();
    return 0;
}

int teardown(void**) {
    fs::remove_all(world.dir);
    return 0;
}

std::uint32_t le32(const Bytes& b, std::size_t at) {
    return std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
           std::uint32_t{b[at + 3]} << 24;
}
std::uint16_t le16(const Bytes& b, std::size_t at) { return static_cast<std::uint16_t>(b[at] | b[at + 1] << 8); }

struct Parsed {
    Bytes signed_part;
    std::map<std::uint16_t, Bytes> tlv;
};

// Takes the image apart by IMAGE.md §1, independently of fw-sign's code.
Parsed parse(const Bytes& img) {
    assert_true(img.size() > 256);
    const std::uint32_t t = 256 + le32(img, 0x0C);
    assert_true(img.size() >= t + 4);
    assert_int_equal(le16(img, t), 0x5446);
    assert_int_equal(t + le16(img, t + 2), img.size());
    Parsed p{Bytes(img.begin(), img.begin() + t), {}};
    for (std::size_t at = t + 4; at < img.size();) {
        const std::uint16_t type = le16(img, at);
        const std::uint16_t length = le16(img, at + 2);
        p.tlv[type] = Bytes(img.begin() + static_cast<long>(at) + 4, img.begin() + static_cast<long>(at) + 4 + length);
        at += 4u + length;
    }
    return p;
}

Bytes raw_public_key(const fs::path& pub_pem) {
    const fs::path der = world.dir / "pub.der";
    must_run({"/usr/bin/openssl", "pkey", "-pubin", "-in", pub_pem.string(), "-outform", "DER", "-out", der.string()});
    const Bytes spki = read_bytes(der);
    assert_int_equal(spki.size(), 44);  // the 12-byte Ed25519 SPKI prefix and the key
    return Bytes(spki.end() - 32, spki.end());
}

Bytes sha256(const Bytes& data) {
    Bytes out(32);
    unsigned int n = 0;
    assert_int_equal(EVP_Digest(data.data(), data.size(), out.data(), &n, EVP_sha256(), nullptr), 1);
    return out;
}

void check_signed_image(const fs::path& image_path, const fs::path& pub_pem) {
    const Bytes img = read_bytes(image_path);
    const Parsed p = parse(img);
    assert_int_equal(p.tlv.size(), 3);
    assert_true(p.tlv.at(0x0010) == sha256(p.signed_part));
    const Bytes pub = raw_public_key(pub_pem);
    const Bytes key_hash = sha256(pub);
    assert_true(p.tlv.at(0x0001) == Bytes(key_hash.begin(), key_hash.begin() + 8));
    const Bytes& sig = p.tlv.at(0x0024);
    assert_int_equal(sig.size(), 64);

    const fs::path part = world.dir / "signed-part.bin";
    const fs::path sig_file = world.dir / "sig.bin";
    write_bytes(part, p.signed_part);
    write_bytes(sig_file, sig);
    const RunResult openssl = testing_support::run({"/usr/bin/openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                                                    pub_pem.string(), "-rawin", "-in", part.string(), "-sigfile",
                                                    sig_file.string()});
    if (openssl.exit_code != 0 || !contains(openssl.out, "Signature Verified Successfully")) {
        fail_msg("openssl pkeyutl refused the signature: %s%s", openssl.out.c_str(), openssl.err.c_str());
    }
    assert_true(fw::crypto::ed25519_verify(pub.data(), sig.data(), p.signed_part.data(), p.signed_part.size()));

    // The bootloader's verifier over a slot holding the image.
    Bytes slot(layout::kSlotSize, 0xFF);
    std::copy(img.begin(), img.end(), slot.begin());
    fw::platform::RamNorFlash flash(slot, layout::kSlotOffset[0], layout::kSectorSize, layout::kWriteGranularity);
    fw::image::PublicKey key{};
    std::copy(pub.begin(), pub.end(), key.bytes);
    const fw::image::Policy policy{{&key, 1}, 0, layout::kSlotCapacity, layout::kLoadWindowStart,
                                   layout::kLoadWindowSize};
    const fw::image::Verdict verdict = fw::image::verify_slot(flash, layout::kSlotOffset[0], policy);
    if (!verdict.ok()) {
        fail_msg("the bootloader's verifier refused the image: %s", fw::image::reason_name(verdict.reason));
    }
}

void key_file_image_verified_independently(void**) {
    const fs::path out = world.dir / "key.img";
    const RunResult r = fw_sign({"--key", world.key.string(), "--version", "1.4.2+37", "--security-counter", "7",
                                 world.payload.string(), out.string()});
    if (r.exit_code != 0) {
        fail_msg("fw-sign failed: %s", r.err.c_str());
    }
    check_signed_image(out, world.key_pub);
    const Bytes img = read_bytes(out);
    assert_int_equal(le32(img, 0x00), 0x464E4353);
    assert_int_equal(le16(img, 0x04), 256);
    assert_int_equal(le16(img, 0x06), 1);
    assert_int_equal(le32(img, 0x08), 0x20010000);
    assert_int_equal(le32(img, 0x0C), kPayloadSize);
    assert_int_equal(img[0x10], 1);
    assert_int_equal(img[0x11], 4);
    assert_int_equal(le16(img, 0x12), 2);
    assert_int_equal(le32(img, 0x14), 37);
    assert_int_equal(le32(img, 0x18), 7);
    assert_int_equal(le32(img, 0x1C), 0);
    for (std::size_t i = 0x20; i < 256; ++i) {
        assert_int_equal(img[i], 0);
    }
    assert_true(Bytes(img.begin() + 256, img.begin() + 256 + kPayloadSize) == read_bytes(world.payload));
}

std::string token_uri() { return std::string("pkcs11:token=") + kToken + ";object=release;type=private"; }

void token_image_verified_independently(void**) {
    const fs::path out = world.dir / "token.img";
    const RunResult r = fw_sign({"--pkcs11-uri", token_uri(), "--pin-file", world.pin_file.string(), "--version",
                                 "2.0.0+1", "--security-counter", "3", world.payload.string(), out.string()},
                                world.token_env);
    if (r.exit_code != 0) {
        fail_msg("fw-sign with the token failed: %s", r.err.c_str());
    }
    check_signed_image(out, world.token_pub);
}

void token_pin_from_standard_input(void**) {
    const fs::path out = world.dir / "stdin.img";
    const RunResult r = testing_support::run_with_input(
        {FW_SIGN, "--pkcs11-uri", token_uri() + "?module-path=" + kModule, "--version", "2.0.1+2",
         "--security-counter", "3", world.payload.string(), out.string()},
        std::string(kPin) + "\n", world.token_env);
    if (r.exit_code != 0) {
        fail_msg("fw-sign with the PIN on stdin failed: %s", r.err.c_str());
    }
    check_signed_image(out, world.token_pub);
}

void wrong_pin_refused_by_name(void**) {
    const fs::path bad_pin = world.dir / "bad-pin";
    std::ofstream(bad_pin) << "0000\n";
    const fs::path out = world.dir / "wrong-pin.img";
    const RunResult r = fw_sign({"--pkcs11-uri", token_uri(), "--pin-file", bad_pin.string(), "--version", "2.0.0+1",
                                 "--security-counter", "3", world.payload.string(), out.string()},
                                world.token_env);
    assert_int_equal(r.exit_code, 1);
    if (!contains(r.err, "wrong PIN") || !contains(r.err, kToken)) {
        fail_msg("unclear wrong-PIN error: %s", r.err.c_str());
    }
    assert_false(fs::exists(out));
    assert_false(fs::exists(out.string() + ".partial"));
}

struct BadCase {
    std::vector<std::string> args;  // before IN and OUT
    bool with_files;
    int exit_code;
    const char* says;
};

// Each case ends with its exit code and message, and writes no image.
void expect_refusals(const std::vector<BadCase>& cases) {
    const fs::path out = world.dir / "bad.img";
    for (const BadCase& c : cases) {
        std::vector<std::string> args = c.args;
        if (c.with_files) {
            args.push_back(world.payload.string());
            args.push_back(out.string());
        }
        const RunResult r = fw_sign(args, world.token_env);
        if (r.exit_code != c.exit_code || !contains(r.err, c.says) || fs::exists(out)) {
            fail_msg("args #%zu: exit %d (want %d), stderr: %s\nwant it to say: %s", &c - cases.data(), r.exit_code,
                     c.exit_code, r.err.c_str(), c.says);
        }
    }
}

// Adds a key pair to the test token (set-up, so the PIN is on the line).
void add_token_key(const std::string& type, const std::string& label, const std::string& id) {
    must_run({"/usr/bin/pkcs11-tool", "--module", kModule, "--token-label", kToken, "--login", "--pin", kPin,
              "--keypairgen", "--key-type", type, "--label", label, "--id", id},
             {{"SOFTHSM2_CONF", world.token_env.at("SOFTHSM2_CONF")}});
}

// What else can go wrong with a token, each named: a key of the wrong type
// under the label, two keys under one label, a module that cannot be loaded
// or is no PKCS#11 module, and a PIN that cannot be read. No image is written.
void token_errors_other_than_a_wrong_pin_named(void**) {
    add_token_key("EC:prime256v1", "p256", "02");
    add_token_key("EC:edwards25519", "twin", "03");
    add_token_key("EC:edwards25519", "twin", "04");
    const fs::path empty_pin = world.dir / "empty-pin";
    std::ofstream(empty_pin).flush();
    const std::string pin = world.pin_file.string();
    const std::string uri = std::string("pkcs11:token=") + kToken;
    const std::string release = uri + ";object=release";
    const std::vector<std::vector<std::string>> args = {
        {"--pkcs11-uri", uri + ";object=p256", "--pin-file", pin},
        {"--pkcs11-uri", uri + ";object=twin", "--pin-file", pin},
        {"--pkcs11-uri", release, "--pin-file", pin, "--pkcs11-module", "/nonexistent/libp11.so"},
        {"--pkcs11-uri", release, "--pin-file", pin, "--pkcs11-module", kNotAModule},
        {"--pkcs11-uri", release, "--pin-file", (world.dir / "no-pin").string()},
        {"--pkcs11-uri", release, "--pin-file", empty_pin.string()},
        {"--pkcs11-uri", release},  // and nothing on standard input
    };
    const char* says[] = {"holds no Ed25519 private key matching the URI (object=p256)",
                          "several Ed25519 private keys on 'fw-sign-test' match the URI",
                          "cannot load the PKCS#11 module '/nonexistent/libp11.so'",
                          "is not a PKCS#11 module (no C_GetFunctionList)",
                          "cannot read the PIN file",
                          "is empty: its first line must be the PIN",
                          "no PIN on standard input"};
    std::vector<BadCase> cases;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::vector<std::string> full = args[i];
        full.insert(full.end(), {"--version", "1.0.0+1", "--security-counter", "1"});
        cases.push_back({full, true, 1, says[i]});
    }
    expect_refusals(cases);
}

void public_keys_printed_as_bootloader_entries(void**) {
    const struct {
        std::vector<std::string> args;
        fs::path pub;
    } cases[] = {
        {{"--key", world.key.string()}, world.key_pub},
        {{"--pkcs11-uri", token_uri(), "--pin-file", world.pin_file.string()}, world.token_pub},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = c.args;
        args.push_back("--print-public-key");
        const RunResult r = fw_sign(args, world.token_env);
        assert_int_equal(r.exit_code, 0);
        std::string expected = "{{";
        const Bytes pub = raw_public_key(c.pub);
        for (std::size_t i = 0; i < pub.size(); ++i) {
            char byte[8];
            std::snprintf(byte, sizeof byte, "%s0x%02x", i == 0 ? "" : ", ", pub[i]);
            expected += byte;
        }
        expected += "}},";
        if (!contains(r.out, expected)) {
            fail_msg("printed key entry %s\nexpected %s", r.out.c_str(), expected.c_str());
        }
    }
}

// The largest payload a slot holds signs; one byte more is refused.
void slot_capacity_is_the_limit(void**) {
    const std::size_t largest = layout::kSlotCapacity - 256 - 120;
    const fs::path big = world.dir / "big.bin";
    const fs::path out = world.dir / "big.img";
    write_bytes(big, Bytes(largest, 0x5A));
    RunResult r = fw_sign({"--key", world.key.string(), "--version", "1.0.0+1", "--security-counter", "1",
                           big.string(), out.string()});
    assert_int_equal(r.exit_code, 0);
    check_signed_image(out, world.key_pub);
    fs::remove(out);
    write_bytes(big, Bytes(largest + 1, 0x5A));
    r = fw_sign({"--key", world.key.string(), "--version", "1.0.0+1", "--security-counter", "1", big.string(),
                 out.string()});
    assert_int_equal(r.exit_code, 1);
    assert_true(contains(r.err, "may use at most 520192 bytes"));
    assert_false(fs::exists(out));
}

void bad_arguments_refused_clearly(void**) {
    const std::string key = world.key.string();
    const fs::path p256 = world.dir / "p256.pem";
    must_run({"/usr/bin/openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
              p256.string()});
    const fs::path empty = world.dir / "empty.bin";
    write_bytes(empty, {});
    const std::vector<BadCase> cases = {
        {{"--version", "1.0.0+1", "--security-counter", "1"}, true, 2, "exactly one of --key"},
        {{"--key", key, "--pkcs11-uri", token_uri(), "--version", "1.0.0+1", "--security-counter", "1"}, true, 2,
         "excludes"},
        {{"--key", key, "--pin-file", world.pin_file.string(), "--version", "1.0.0+1", "--security-counter", "1"},
         true, 2, "requires --pkcs11-uri"},
        {{"--key", key, "--security-counter", "1"}, true, 2, "--version X.Y.Z+B and --security-counter N"},
        {{"--key", key, "--version", "1.2", "--security-counter", "1"}, true, 2, "'1.2' is not X.Y.Z+B"},
        {{"--key", key, "--version", "256.0.0+1", "--security-counter", "1"}, true, 2, "'256.0.0+1' is not"},
        {{"--key", key, "--version", "1.0.65536+1", "--security-counter", "1"}, true, 2, "is not X.Y.Z+B"},
        {{"--key", key, "--version", "1.0.0+4294967296", "--security-counter", "1"}, true, 2, "is not X.Y.Z+B"},
        {{"--key", key, "--version", "1.0.0+-1", "--security-counter", "1"}, true, 2, "is not X.Y.Z+B"},
        {{"--key", key, "--version", "1.0.0+1", "--security-counter", "-1"}, true, 2,
         "--security-counter '-1' is not a whole number"},
        {{"--key", key, "--version", "1.0.0+1", "--security-counter", "4294967296"}, true, 2, "is not a whole number"},
        {{"--key", key, "--version", "1.0.0+1", "--security-counter", "1", "--load-address", "0x1000"}, true, 1,
         "load window"},
        {{"--key", key, "--version", "1.0.0+1", "--security-counter", "1"}, false, 2, "give the payload IN.bin"},
        {{"--key", (world.dir / "missing.pem").string(), "--version", "1.0.0+1", "--security-counter", "1"}, true, 1,
         "cannot open key file"},
        {{"--key", world.payload.string(), "--version", "1.0.0+1", "--security-counter", "1"}, true, 1,
         "is not an unencrypted PEM private key"},
        {{"--key", p256.string(), "--version", "1.0.0+1", "--security-counter", "1"}, true, 1, "not Ed25519"},
        {{"--pkcs11-uri", std::string("pkcs11:token=") + kToken + ";object=release;pin-value=" + kPin, "--version",
          "1.0.0+1", "--security-counter", "1"},
         true, 1, "must not appear on a command line"},
        {{"--pkcs11-uri", "pkcs11:object=release", "--pin-file", world.pin_file.string(), "--version", "1.0.0+1",
          "--security-counter", "1"},
         true, 1, "names no token"},
        {{"--pkcs11-uri", "pkcs11:token=nope;object=release", "--pin-file", world.pin_file.string(), "--version",
          "1.0.0+1", "--security-counter", "1"},
         true, 1, "no token 'nope'"},
        {{"--pkcs11-uri", std::string("pkcs11:token=") + kToken + ";object=other", "--pin-file",
          world.pin_file.string(), "--version", "1.0.0+1", "--security-counter", "1"},
         true, 1, "holds no Ed25519 private key"},
        {{"--pkcs11-uri", "https://token", "--version", "1.0.0+1", "--security-counter", "1"}, true, 1,
         "does not start with 'pkcs11:'"},
    };
    expect_refusals(cases);
    const fs::path out = world.dir / "bad.img";
    // An empty payload, a missing one, and the payload as its own output.
    const std::vector<std::vector<std::string>> file_cases = {
        {empty.string(), out.string()},
        {(world.dir / "missing.bin").string(), out.string()},
        {world.payload.string(), world.payload.string()},
    };
    const char* says[] = {"the payload is empty", "cannot read the payload", "must not be the payload"};
    for (std::size_t i = 0; i < file_cases.size(); ++i) {
        std::vector<std::string> args = {"--key", key, "--version", "1.0.0+1", "--security-counter", "1"};
        args.insert(args.end(), file_cases[i].begin(), file_cases[i].end());
        const RunResult r = fw_sign(args);
        if (r.exit_code == 0 || !contains(r.err, says[i]) || fs::exists(out)) {
            fail_msg("file case %zu: exit %d, stderr: %s", i, r.exit_code, r.err.c_str());
        }
    }
    assert_int_equal(read_bytes(world.payload).size(), kPayloadSize);
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_file_image_verified_independently),
        cmocka_unit_test(token_image_verified_independently),
        cmocka_unit_test(token_pin_from_standard_input),
        cmocka_unit_test(wrong_pin_refused_by_name),
        cmocka_unit_test(token_errors_other_than_a_wrong_pin_named),
        cmocka_unit_test(public_keys_printed_as_bootloader_entries),
        cmocka_unit_test(slot_capacity_is_the_limit),
        cmocka_unit_test(bad_arguments_refused_clearly),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
