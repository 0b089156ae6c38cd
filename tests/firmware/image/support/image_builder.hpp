// Builds firmware images as firmware/IMAGE.md describes them, signed with
// OpenSSL (an implementation nobody here wrote), and lets a test take them
// apart to make every kind of lie. Test-only: the production signer is
// firmware/tools' fw-sign.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fwtest {

using Bytes = std::vector<std::uint8_t>;

struct ImageSpec {
    Bytes payload;
    std::uint32_t load_address = 0x20010000;
    std::uint8_t major = 1;
    std::uint8_t minor = 0;
    std::uint16_t patch = 0;
    std::uint32_t build = 1;
    std::uint32_t security_counter = 1;
    std::uint32_t flags = 0;
};

// An Ed25519 key pair read from a PEM private key file.
class SigningKey {
public:
    explicit SigningKey(const std::string& pem_path);
    ~SigningKey();
    SigningKey(const SigningKey&) = delete;
    SigningKey& operator=(const SigningKey&) = delete;

    [[nodiscard]] Bytes sign(const Bytes& message) const;  // pure Ed25519, 64 bytes
    [[nodiscard]] Bytes public_key() const;                // raw, 32 bytes
    [[nodiscard]] Bytes key_id() const;                    // first 8 bytes of SHA-256(public key)

private:
    void* key_;  // EVP_PKEY
};

Bytes sha256(const Bytes& data);
Bytes encode_header(const ImageSpec& spec);  // 256 bytes
Bytes tlv(std::uint16_t type, const Bytes& value);
// TLV info (magic, total) followed by `entries` as given.
Bytes trailer(const Bytes& entries);
// Header‖payload, then hash, key id and signature TLVs, in that order.
Bytes build_image(const ImageSpec& spec, const SigningKey& key);

// Little helpers for lies.
void put_le16(Bytes& b, std::size_t at, std::uint16_t v);
void put_le32(Bytes& b, std::size_t at, std::uint32_t v);
Bytes concat(const Bytes& a, const Bytes& b);
Bytes pattern(std::size_t size, std::uint32_t seed);

// Keys of the tests (tests/firmware/keys).
std::string factory_key_path();
std::string unknown_key_path();

}  // namespace fwtest
