// fw_image_verify: every check of firmware/IMAGE.md §1 refuses its lie with
// its own named reason, and a well-formed image signed by OpenSSL passes.
#include <functional>
#include <string>

#include "fw/image/verify.hpp"
#include "fw/platform/ram_nor_flash.hpp"
#include "image_builder.hpp"
// Last: cmocka's fail() macro breaks standard headers included after it.
#include "cmocka.hpp"

namespace {

using fw::image::Reason;
using fwtest::Bytes;

constexpr std::uint32_t kSlot = 0x10000;
constexpr std::uint32_t kCapacity = 508 * 1024;

struct Fixture {
    Bytes memory = Bytes(0x110000, 0xFF);
    fw::platform::RamNorFlash flash{memory, 0, 4096, 4};
    fwtest::SigningKey factory{fwtest::factory_key_path()};
    fwtest::SigningKey unknown{fwtest::unknown_key_path()};
    fw::image::PublicKey key{};

    Fixture() {
        const Bytes raw = factory.public_key();
        std::copy(raw.begin(), raw.end(), key.bytes);
    }

    fw::image::Policy policy(std::uint32_t floor = 0) {
        fw::image::Policy p;
        p.keys = std::span(&key, 1);
        p.min_security_counter = floor;
        p.capacity = kCapacity;
        p.load_window_start = 0x20010000;
        p.load_window_size = 512 * 1024;
        return p;
    }

    fw::image::Verdict check(const Bytes& image, std::uint32_t floor = 0, std::uint32_t available = UINT32_MAX) {
        std::fill(memory.begin() + kSlot, memory.begin() + kSlot + kCapacity + 4096, 0xFF);
        std::copy(image.begin(), image.end(), memory.begin() + kSlot);
        return fw::image::verify_slot(flash, kSlot, policy(floor), available);
    }
};

fwtest::ImageSpec spec(std::size_t payload = 3000) {
    fwtest::ImageSpec s;
    s.payload = fwtest::pattern(payload, 7);
    s.major = 2;
    s.minor = 3;
    s.patch = 4;
    s.build = 99;
    s.security_counter = 5;
    return s;
}

void expect(const fw::image::Verdict& v, Reason want, const char* what) {
    if (v.reason != want) {
        fail_msg("%s: expected %s, got %s", what, fw::image::reason_name(want), fw::image::reason_name(v.reason));
    }
}

// Header‖payload of a good image with its hash, key id and signature TLVs, so
// a test can rebuild the trailer its own way.
struct Parts {
    Bytes signed_part, hash, key_id, sig;
};

Parts parts(Fixture& f, const fwtest::ImageSpec& s) {
    Parts p;
    p.signed_part = fwtest::concat(fwtest::encode_header(s), s.payload);
    p.hash = fwtest::sha256(p.signed_part);
    p.key_id = f.factory.key_id();
    p.sig = f.factory.sign(p.signed_part);
    return p;
}

Bytes with_entries(const Parts& p, const Bytes& entries) { return fwtest::concat(p.signed_part, fwtest::trailer(entries)); }

void good_image_passes(void**) {
    Fixture f;
    const auto v = f.check(fwtest::build_image(spec(), f.factory));
    expect(v, Reason::ok, "good image");
    assert_int_equal(v.header.version.major, 2);
    assert_int_equal(v.header.version.minor, 3);
    assert_int_equal(v.header.version.patch, 4);
    assert_int_equal(v.header.version.build, 99);
    assert_int_equal(v.header.security_counter, 5);
    assert_int_equal(v.total_size, 256 + 3000 + 4 + 36 + 12 + 68);
}

// Each header lie, re-signed so only the header check can catch it.
void header_lies_are_named(void**) {
    Fixture f;
    struct Lie {
        const char* what;
        std::function<void(Bytes&)> apply;
        Reason want;
    };
    const Lie lies[] = {
        {"magic", [](Bytes& h) { h[0] ^= 1; }, Reason::bad_magic},
        {"header size 64", [](Bytes& h) { fwtest::put_le16(h, 4, 64); }, Reason::bad_header_size},
        {"format 2", [](Bytes& h) { fwtest::put_le16(h, 6, 2); }, Reason::unsupported_format},
        {"image size 0", [](Bytes& h) { fwtest::put_le32(h, 0x0C, 0); }, Reason::empty_image},
        {"image size past the slot", [](Bytes& h) { fwtest::put_le32(h, 0x0C, kCapacity); }, Reason::image_too_large},
        {"image size 4 GiB - 1", [](Bytes& h) { fwtest::put_le32(h, 0x0C, 0xFFFFFFFF); }, Reason::image_too_large},
        {"load address below the window", [](Bytes& h) { fwtest::put_le32(h, 8, 0x20000000); }, Reason::bad_load_address},
        {"load address wrapping", [](Bytes& h) { fwtest::put_le32(h, 8, 0xFFFFFF00); }, Reason::bad_load_address},
        {"flags", [](Bytes& h) { fwtest::put_le32(h, 0x1C, 1); }, Reason::bad_flags},
        {"reserved byte", [](Bytes& h) { h[0xFF] = 1; }, Reason::reserved_not_zero},
    };
    for (const Lie& lie : lies) {
        Bytes image = fwtest::build_image(spec(), f.factory);
        lie.apply(image);
        expect(f.check(image), lie.want, lie.what);
    }
}

// The header claims more payload than there is: the trailer is looked for
// where the erased flash is.
void image_size_lie_finds_no_trailer(void**) {
    Fixture f;
    Bytes image = fwtest::build_image(spec(), f.factory);
    fwtest::put_le32(image, 0x0C, 3000 + 4096);
    expect(f.check(image), Reason::bad_tlv_magic, "payload longer than written");
}

void trailer_lies_are_named(void**) {
    Fixture f;
    const Parts p = parts(f, spec());
    const Bytes hash = fwtest::tlv(0x0010, p.hash), id = fwtest::tlv(0x0001, p.key_id), sig = fwtest::tlv(0x0024, p.sig);
    const Bytes all = fwtest::concat(fwtest::concat(hash, id), sig);

    Bytes bad_magic = with_entries(p, all);
    bad_magic[p.signed_part.size()] ^= 0xFF;
    expect(f.check(bad_magic), Reason::bad_tlv_magic, "TLV magic");

    Bytes short_total = with_entries(p, all);
    fwtest::put_le16(short_total, p.signed_part.size() + 2, 3);
    expect(f.check(short_total), Reason::tlv_area_out_of_bounds, "TLV total under its own size");

    // A slot filled to the brim: the area's total runs past the capacity.
    fwtest::ImageSpec big = spec(kCapacity - 256 - 100);
    const Parts bp = parts(f, big);
    const Bytes big_all = fwtest::concat(fwtest::concat(fwtest::tlv(0x0010, bp.hash), fwtest::tlv(0x0001, bp.key_id)),
                                         fwtest::tlv(0x0024, bp.sig));
    expect(f.check(with_entries(bp, big_all)), Reason::tlv_area_out_of_bounds, "TLV area past the slot");

    // Overlap: the hash entry claims 40 bytes, running into the key id entry.
    Bytes overlap = with_entries(p, all);
    fwtest::put_le16(overlap, p.signed_part.size() + 4 + 2, 40);
    expect(f.check(overlap), Reason::bad_tlv_length, "hash entry overlapping the next");
    // ...and the last entry claiming past the area's end.
    Bytes past_end = with_entries(p, all);
    fwtest::put_le16(past_end, p.signed_part.size() + 4 + 36 + 12 + 2, 65);
    expect(f.check(past_end), Reason::tlv_entry_out_of_bounds, "signature entry past the area");
    // A fragment shorter than an entry head at the end.
    expect(f.check(with_entries(p, fwtest::concat(all, Bytes{1, 2}))), Reason::tlv_entry_out_of_bounds,
           "trailing fragment");

    expect(f.check(with_entries(p, fwtest::concat(all, fwtest::tlv(0x0077, Bytes(4))))), Reason::unknown_tlv,
           "unknown TLV type");
    expect(f.check(with_entries(p, fwtest::concat(all, hash))), Reason::duplicate_tlv, "hash twice");
    expect(f.check(with_entries(p, fwtest::concat(fwtest::concat(fwtest::tlv(0x0010, Bytes(31)), id), sig))),
           Reason::bad_tlv_length, "31-byte hash");
    expect(f.check(with_entries(p, fwtest::concat(id, sig))), Reason::missing_hash, "no hash");
    expect(f.check(with_entries(p, fwtest::concat(hash, sig))), Reason::missing_key_id, "no key id");
    expect(f.check(with_entries(p, fwtest::concat(hash, id))), Reason::missing_signature, "no signature");
    expect(f.check(with_entries(p, fwtest::concat(fwtest::concat(sig, id), hash))), Reason::ok,
           "entries in another order");
}

void contents_lies_are_named(void**) {
    Fixture f;
    const fwtest::ImageSpec s = spec();
    Bytes tampered = fwtest::build_image(s, f.factory);
    tampered[256 + 1000] ^= 0x01;
    expect(f.check(tampered), Reason::hash_mismatch, "payload bit flipped");

    // Tampered, with the hash recomputed by the attacker: the signature is what stops it.
    Parts p = parts(f, s);
    p.signed_part[256 + 1000] ^= 0x01;
    const Bytes rehashed = with_entries(
        p, fwtest::concat(fwtest::concat(fwtest::tlv(0x0010, fwtest::sha256(p.signed_part)), fwtest::tlv(0x0001, p.key_id)),
                          fwtest::tlv(0x0024, p.sig)));
    expect(f.check(rehashed), Reason::bad_signature, "payload changed, hash recomputed");

    expect(f.check(fwtest::build_image(s, f.unknown)), Reason::unknown_key, "signed by an unknown key");

    // The unknown signer claims the factory key's id.
    const Parts u = parts(f, s);
    const Bytes forged = with_entries(
        u, fwtest::concat(fwtest::concat(fwtest::tlv(0x0010, u.hash), fwtest::tlv(0x0001, f.factory.key_id())),
                          fwtest::tlv(0x0024, f.unknown.sign(u.signed_part))));
    expect(f.check(forged), Reason::bad_signature, "unknown signer behind the factory key id");
}

void rollback_and_truncation_are_named(void**) {
    Fixture f;
    const Bytes image = fwtest::build_image(spec(), f.factory);  // counter 5
    expect(f.check(image, 5), Reason::ok, "counter equal to the stored one");
    expect(f.check(image, 6), Reason::rollback, "counter below the stored one");
    expect(f.check(image, 0, static_cast<std::uint32_t>(image.size())), Reason::ok, "exactly the downloaded length");
    expect(f.check(image, 0, static_cast<std::uint32_t>(image.size() - 1)), Reason::truncated, "one byte short");
    expect(f.check(image, 0, 100), Reason::truncated, "shorter than a header");
    expect(f.check(image, 0, 256 + 10), Reason::truncated, "header and a bit of payload");
}

// The same bytes through `openssl pkeyutl -verify -rawin` are the outside check:
// that lives in the signing tool's tests; here the parse-only path.
void parse_only_bounds_the_image(void**) {
    Fixture f;
    const Bytes image = fwtest::build_image(spec(), f.factory);
    std::copy(image.begin(), image.end(), f.memory.begin() + kSlot);
    auto v = fw::image::parse_slot(f.flash, kSlot, f.policy());
    expect(v, Reason::ok, "parse of a good image");
    assert_int_equal(v.total_size, image.size());
    f.memory[kSlot + 300] ^= 1;  // no hashing in a parse
    expect(fw::image::parse_slot(f.flash, kSlot, f.policy()), Reason::ok, "parse ignores contents");
}

}  // namespace

int main() {
    const CMUnitTest tests[] = {
        cmocka_unit_test(good_image_passes),
        cmocka_unit_test(header_lies_are_named),
        cmocka_unit_test(image_size_lie_finds_no_trailer),
        cmocka_unit_test(trailer_lies_are_named),
        cmocka_unit_test(contents_lies_are_named),
        cmocka_unit_test(rollback_and_truncation_are_named),
        cmocka_unit_test(parse_only_bounds_the_image),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
