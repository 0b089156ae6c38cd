#include "fw/image/verify.hpp"

#include <optional>

#include "fw/crypto/ed25519.hpp"
#include "fw/crypto/sha256.hpp"

namespace fw::image {
namespace {

using platform::Flash;
using platform::FlashStatus;

struct Trailer {
    std::uint8_t hash[kSha256Size];
    std::uint8_t key_id[kKeyIdSize];
    std::uint8_t signature[kSignatureSize];
    bool has_hash = false;
    bool has_key_id = false;
    bool has_signature = false;
};

// Where an image's bytes may lie: `limit` = min(capacity, available); an
// overrun is image-too-large (or TLV out of bounds) against capacity and
// truncated against what was written.
struct Bounds {
    std::uint32_t capacity;
    std::uint32_t available;
};

Reason beyond(const Bounds& b, std::uint64_t end, Reason past_capacity) {
    if (end > b.capacity) return past_capacity;
    if (end > b.available) return Reason::truncated;
    return Reason::ok;
}

bool all_zero(const std::uint8_t* p, std::size_t n) {
    std::uint8_t acc = 0;
    for (std::size_t i = 0; i < n; ++i) acc = static_cast<std::uint8_t>(acc | p[i]);
    return acc == 0;
}

bool same(const std::uint8_t* a, const std::uint8_t* b, std::size_t n) {
    std::uint8_t diff = 0;
    for (std::size_t i = 0; i < n; ++i) diff = static_cast<std::uint8_t>(diff | (a[i] ^ b[i]));
    return diff == 0;
}

std::uint16_t expected_length(std::uint16_t type) {
    switch (type) {
        case kTlvSha256: return kSha256Size;
        case kTlvKeyId: return kKeyIdSize;
        case kTlvEd25519: return kSignatureSize;
        default: return 0;
    }
}

// Where an entry's value goes and whether it was seen; null for unknown types.
std::uint8_t* slot_for(Trailer& t, std::uint16_t type, bool*& seen) {
    switch (type) {
        case kTlvSha256: seen = &t.has_hash; return t.hash;
        case kTlvKeyId: seen = &t.has_key_id; return t.key_id;
        case kTlvEd25519: seen = &t.has_signature; return t.signature;
        default: return nullptr;
    }
}

Reason read_entries(Flash& flash, std::uint32_t at, std::uint32_t end, Trailer& t) {
    while (at < end) {
        std::uint8_t head[kTlvHeadSize];
        if (std::uint64_t{at} + kTlvHeadSize > end) return Reason::tlv_entry_out_of_bounds;
        if (flash.read(at, head) != FlashStatus::ok) return Reason::flash_error;
        const std::uint16_t type = load_le16(head);
        const std::uint16_t length = load_le16(head + 2);
        if (std::uint64_t{at} + kTlvHeadSize + length > end) return Reason::tlv_entry_out_of_bounds;
        bool* seen = nullptr;
        std::uint8_t* value = slot_for(t, type, seen);
        if (value == nullptr) return Reason::unknown_tlv;
        if (*seen) return Reason::duplicate_tlv;
        if (length != expected_length(type)) return Reason::bad_tlv_length;
        if (flash.read(at + kTlvHeadSize, std::span(value, length)) != FlashStatus::ok) return Reason::flash_error;
        *seen = true;
        at += kTlvHeadSize + length;
    }
    if (!t.has_hash) return Reason::missing_hash;
    if (!t.has_key_id) return Reason::missing_key_id;
    if (!t.has_signature) return Reason::missing_signature;
    return Reason::ok;
}

Reason read_trailer(Flash& flash, std::uint32_t slot, std::uint32_t offset, const Bounds& bounds, Trailer& t,
                    std::uint32_t& total) {
    if (const Reason r = beyond(bounds, std::uint64_t{offset} + kTlvInfoSize, Reason::image_too_large); r != Reason::ok)
        return r;
    std::uint8_t info[kTlvInfoSize];
    if (flash.read(slot + offset, info) != FlashStatus::ok) return Reason::flash_error;
    if (load_le16(info) != kTlvMagic) return Reason::bad_tlv_magic;
    const std::uint16_t tlv_total = load_le16(info + 2);
    if (tlv_total < kTlvInfoSize) return Reason::tlv_area_out_of_bounds;
    const std::uint64_t end = std::uint64_t{offset} + tlv_total;
    if (const Reason r = beyond(bounds, end, Reason::tlv_area_out_of_bounds); r != Reason::ok) return r;
    total = static_cast<std::uint32_t>(end);
    return read_entries(flash, slot + offset + kTlvInfoSize, slot + static_cast<std::uint32_t>(end), t);
}

bool find_key(std::span<const PublicKey> keys, const std::uint8_t id[kKeyIdSize], const PublicKey*& found) {
    for (const PublicKey& key : keys) {
        std::uint8_t candidate[kKeyIdSize];
        key_id_of(key, candidate);
        if (same(candidate, id, kKeyIdSize)) {
            found = &key;
            return true;
        }
    }
    return false;
}

// One pass over header‖payload feeds both the hash and, when the key is
// known, the signature check: a 256 KiB image is read from flash once.
Reason check_contents(Flash& flash, std::uint32_t slot, std::uint32_t length, const Trailer& t,
                      std::span<const PublicKey> keys) {
    const PublicKey* key = nullptr;
    const bool known = find_key(keys, t.key_id, key);
    std::optional<crypto::Ed25519Verifier> verifier;
    if (known) verifier.emplace(key->bytes, t.signature);
    crypto::Sha256 sha;
    std::uint8_t chunk[256];
    for (std::uint32_t done = 0; done < length;) {
        const std::uint32_t n = length - done < sizeof chunk ? length - done : static_cast<std::uint32_t>(sizeof chunk);
        if (flash.read(slot + done, std::span(chunk, n)) != FlashStatus::ok) return Reason::flash_error;
        sha.update(chunk, n);
        if (verifier) verifier->update(chunk, n);
        done += n;
    }
    std::uint8_t digest[kSha256Size];
    sha.finish(digest);
    if (!same(digest, t.hash, kSha256Size)) return Reason::hash_mismatch;
    if (!known) return Reason::unknown_key;
    if (!verifier->valid()) return Reason::bad_signature;
    return Reason::ok;
}

}  // namespace

void key_id_of(const PublicKey& key, std::uint8_t id[kKeyIdSize]) {
    std::uint8_t digest[kSha256Size];
    crypto::sha256(key.bytes, sizeof key.bytes, digest);
    for (std::size_t i = 0; i < kKeyIdSize; ++i) id[i] = digest[i];
}

Reason check_header(const Header& h, const std::uint8_t* raw, const Policy& policy) {
    if (h.magic != kMagic) return Reason::bad_magic;
    if (h.header_size != kHeaderSize) return Reason::bad_header_size;
    if (h.format != kFormat) return Reason::unsupported_format;
    if (h.image_size == 0) return Reason::empty_image;
    if (std::uint64_t{kHeaderSize} + h.image_size + kTlvInfoSize > policy.capacity) return Reason::image_too_large;
    const std::uint64_t window_end = std::uint64_t{policy.load_window_start} + policy.load_window_size;
    if (h.load_address < policy.load_window_start || std::uint64_t{h.load_address} + h.image_size > window_end)
        return Reason::bad_load_address;
    if (h.flags != 0) return Reason::bad_flags;
    if (!all_zero(raw + kFixedHeaderBytes, kHeaderSize - kFixedHeaderBytes)) return Reason::reserved_not_zero;
    return Reason::ok;
}

namespace {

// Header and trailer structure (every bound), no cryptography yet.
Verdict parse(Flash& flash, std::uint32_t slot, const Policy& policy, std::uint32_t available, Trailer& trailer) {
    Verdict v;
    const Bounds bounds{policy.capacity, available < policy.capacity ? available : policy.capacity};
    if (bounds.available < kHeaderSize) {
        v.reason = bounds.capacity < kHeaderSize ? Reason::image_too_large : Reason::truncated;
        return v;
    }
    std::uint8_t raw[kHeaderSize];
    if (flash.read(slot, raw) != FlashStatus::ok) {
        v.reason = Reason::flash_error;
        return v;
    }
    v.header = decode_header(raw);
    if ((v.reason = check_header(v.header, raw, policy)) != Reason::ok) return v;
    v.reason = read_trailer(flash, slot, kHeaderSize + v.header.image_size, bounds, trailer, v.total_size);
    return v;
}

}  // namespace

Verdict parse_slot(Flash& flash, std::uint32_t slot, const Policy& policy, std::uint32_t available) {
    Trailer trailer;
    return parse(flash, slot, policy, available, trailer);
}

Verdict verify_slot(Flash& flash, std::uint32_t slot, const Policy& policy, std::uint32_t available) {
    Trailer trailer;
    Verdict v = parse(flash, slot, policy, available, trailer);
    if (!v.ok()) return v;
    const std::uint32_t signed_length = kHeaderSize + v.header.image_size;
    if ((v.reason = check_contents(flash, slot, signed_length, trailer, policy.keys)) != Reason::ok) return v;
    // Trusted from here on: the counter is the signer's, not an attacker's.
    if (v.header.security_counter < policy.min_security_counter) v.reason = Reason::rollback;
    return v;
}

}  // namespace fw::image
