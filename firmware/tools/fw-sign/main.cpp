// fw-sign: signs a scanner firmware image (firmware/IMAGE.md) with an
// Ed25519 key from a PEM file or a PKCS#11 token, or prints a key's public
// half as the bootloader's built-in key entry.
#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "fw/crypto/ed25519.hpp"
#include "fw/image/verify.hpp"
#include "fw/platform/layout.hpp"
#include "image_file.hpp"
#include "signer.hpp"

namespace {

using namespace fw_sign;

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct Options {
    std::string key_file;
    TokenOptions token;
    bool print_public_key = false;
    std::string version;
    std::string security_counter;
    std::string load_address = "0x20010000";
    std::string input;
    std::string output;
};

Outcome<std::uint32_t> parse_u32(const std::string& option, const std::string& text) {
    std::uint64_t value = 0;
    int base = 10;
    std::size_t start = 0;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        start = 2;
    }
    const char* first = text.data() + start;
    const char* last = text.data() + text.size();
    const auto [end, ec] = std::from_chars(first, last, value, base);
    if (text.size() == start || ec != std::errc{} || end != last || value > 0xFFFFFFFFULL) {
        return Error{option + " '" + text + "' is not a whole number from 0 to 4294967295 (decimal, or hex with 0x)"};
    }
    return static_cast<std::uint32_t>(value);
}

Outcome<Bytes> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{"cannot read the payload '" + path + "'"};
    }
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Written next to the destination and renamed over it: a failure never
// leaves a half-written image where a flashing tool would pick it up.
Outcome<Done> write_file(const std::string& path, const Bytes& data) {
    const std::string temporary = path + ".partial";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
        if (!out.flush()) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            return Error{"cannot write '" + temporary + "'"};
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        std::filesystem::remove(temporary, ec);
        return Error{"cannot move the image into place at '" + path + "': " + ec.message()};
    }
    return Done{};
}

std::string hex(const std::uint8_t* data, std::size_t length) {
    std::string out;
    char byte[3];
    for (std::size_t i = 0; i < length; ++i) {
        std::snprintf(byte, sizeof byte, "%02x", data[i]);
        out += byte;
    }
    return out;
}

std::string key_id_hex(const PublicKey& key) {
    fw::image::PublicKey k{};
    std::copy(key.begin(), key.end(), k.bytes);
    std::uint8_t id[fw::image::kKeyIdSize];
    fw::image::key_id_of(k, id);
    return hex(id, sizeof id);
}

Outcome<std::unique_ptr<Signer>> open_signer(const Options& o) {
    return o.key_file.empty() ? open_token_signer(o.token) : open_pem_signer(o.key_file);
}

int print_public_key(const Options& o) {
    Outcome<std::unique_ptr<Signer>> signer = open_signer(o);
    Outcome<PublicKey> key = signer.ok() ? signer.value()->public_key() : Error{signer.error()};
    if (!key.ok()) {
        std::cerr << "fw-sign: " << key.error() << '\n';
        return kExitFailed;
    }
    // One entry of the bootloader's table of fw::image::PublicKey.
    std::cout << "{{";
    for (std::size_t i = 0; i < key.value().size(); ++i) {
        std::printf("%s0x%02x", i == 0 ? "" : ", ", key.value()[i]);
        std::fflush(stdout);
    }
    std::cout << "}},  // Ed25519, key id " << key_id_hex(key.value()) << '\n';
    return 0;
}

// The image's fields from the options, or the first one that is wrong.
Outcome<ImageFields> image_fields(const Options& o) {
    ImageFields fields;
    Outcome<std::uint32_t> counter = parse_u32("--security-counter", o.security_counter);
    Outcome<std::uint32_t> load = parse_u32("--load-address", o.load_address);
    if (!counter.ok() || !load.ok()) {
        return Error{counter.ok() ? load.error() : counter.error()};
    }
    fields.security_counter = counter.value();
    fields.load_address = load.value();
    return parse_version(o.version, fields);
}

Outcome<Bytes> build_image(const Options& o, const ImageFields& fields, PublicKey& used_key) {
    Outcome<Bytes> payload = read_file(o.input);
    Outcome<Bytes> part = payload.ok() ? signed_part(fields, payload.value()) : payload;
    if (!part.ok()) {
        return part;
    }
    Outcome<std::unique_ptr<Signer>> signer = open_signer(o);
    if (!signer.ok()) {
        return Error{signer.error()};
    }
    Outcome<PublicKey> key = signer.value()->public_key();
    Outcome<Signature> sig = key.ok() ? signer.value()->sign(part.value()) : Error{key.error()};
    if (!sig.ok()) {
        return Error{sig.error()};
    }
    // Checked with the bootloader's own verifier before anything is written:
    // a token whose public object does not match its private key is caught
    // here, not on a scanner.
    if (!fw::crypto::ed25519_verify(key.value().data(), sig.value().data(), part.value().data(),
                                    part.value().size())) {
        return Error{"the new signature does not verify under the key's public key; nothing written "
                     "(on a token: do the public and private objects belong together?)"};
    }
    used_key = key.value();
    return complete_image(part.value(), key.value(), sig.value());
}

int sign(const Options& o) {
    Outcome<ImageFields> fields = image_fields(o);
    if (!fields.ok()) {
        std::cerr << "fw-sign: " << fields.error() << '\n';
        return kExitUsage;
    }
    PublicKey key{};
    Outcome<Bytes> image = build_image(o, fields.value(), key);
    Outcome<Done> written = image.ok() ? write_file(o.output, image.value()) : Error{image.error()};
    if (!written.ok()) {
        std::cerr << "fw-sign: " << written.error() << '\n';
        return kExitFailed;
    }
    const fw::image::Version& v = fields.value().version;
    std::cout << "signed " << o.output << ": version " << int{v.major} << '.' << int{v.minor} << '.' << v.patch
              << '+' << v.build << ", security counter " << fields.value().security_counter << ", "
              << image.value().size() << " bytes, key id " << key_id_hex(key) << '\n';
    return 0;
}

// What CLI11 cannot say on its own: which options belong together.
std::string usage_problem(const Options& o) {
    if (o.key_file.empty() == o.token.uri.empty()) {
        return "give exactly one of --key KEY.pem and --pkcs11-uri URI";
    }
    if (o.print_public_key) {
        return o.input.empty() ? "" : "--print-public-key takes no image files";
    }
    if (o.version.empty() || o.security_counter.empty()) {
        return "--version X.Y.Z+B and --security-counter N are required to sign";
    }
    if (o.input.empty() || o.output.empty()) {
        return "give the payload IN.bin and the image OUT.img to write";
    }
    std::error_code ec;
    if (std::filesystem::equivalent(o.input, o.output, ec)) {
        return "OUT.img must not be the payload IN.bin";
    }
    return "";
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app{"Signs a scanner firmware image (firmware/IMAGE.md) with an Ed25519 key.", "fw-sign"};
    auto* key = app.add_option("--key", o.key_file, "Ed25519 private key, PEM (openssl genpkey -algorithm ed25519)");
    auto* uri = app.add_option("--pkcs11-uri", o.token.uri,
                               "the key on a PKCS#11 token, e.g. 'pkcs11:token=firmware;object=release'");
    key->excludes(uri);
    app.add_option("--pin-file", o.token.pin_file, "file whose first line is the token PIN (default: standard input)")
        ->needs(uri);
    app.add_option("--pkcs11-module", o.token.module_path, "PKCS#11 module (default: the URI's module-path, else SoftHSM2)")
        ->needs(uri);
    app.add_flag("--print-public-key", o.print_public_key, "print the key's public half as a bootloader key entry");
    app.add_option("--version", o.version, "image version X.Y.Z+B");
    app.add_option("--security-counter", o.security_counter, "anti-rollback counter, 0..4294967295");
    app.add_option("--load-address", o.load_address, "where the payload runs (default 0x20010000)");
    app.add_option("input", o.input, "payload IN.bin");
    app.add_option("output", o.output, "signed image OUT.img");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : kExitUsage;
    }
    const std::string problem = usage_problem(o);
    if (!problem.empty()) {
        std::cerr << "fw-sign: " << problem << "\n" << app.help();
        return kExitUsage;
    }
    return o.print_public_key ? print_public_key(o) : sign(o);
}
