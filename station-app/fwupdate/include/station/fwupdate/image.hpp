// A scanner firmware image as firmware/IMAGE.md §1 defines it, read by the
// station for technicians (`station firmware inspect|verify`): every header
// and TLV field checked in the document's order, each refusal named with
// the reason the bootloader would give (bad_magic, hash_mismatch, ...).
// The station never includes firmware code: this is its own reading.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "hal/files.hpp"
#include "hal/result.hpp"

namespace station::fwupdate {

// An image fills at most a slot (512 KiB); a bundle's images are read one by one.
inline constexpr hal::FileKind kFirmwareImageFile{"firmware image", 1 * hal::kMiB};

struct FirmwareVersion {
  std::uint8_t major = 0, minor = 0;
  std::uint16_t patch = 0;
  std::uint32_t build = 0;
};
std::string to_string(const FirmwareVersion& v);  // "1.2.3+45"

struct FirmwareImage {
  std::uint32_t load_address = 0;
  std::uint32_t image_size = 0;  // payload bytes
  FirmwareVersion version;
  std::uint32_t security_counter = 0;
  std::array<std::uint8_t, 32> sha256{};
  std::array<std::uint8_t, 8> key_id{};
  std::array<std::uint8_t, 64> signature{};
  std::size_t signed_length = 0;  // header + payload
  std::size_t total_length = 0;   // with the TLV trailer
};

// Errors: kCorrupt, the message naming `name`, the IMAGE.md reason and the field.
hal::Result<FirmwareImage> parse_image(std::span<const std::uint8_t> bytes, const std::string& name);

struct PublicKey {
  std::string name;  // the file it came from
  std::array<std::uint8_t, 32> raw{};
  std::array<std::uint8_t, 8> id{};  // first 8 bytes of SHA-256(raw)
};

// An Ed25519 public key in PEM (`openssl pkey -pubout`). Errors: kNotFound,
// kInvalidArgument (not PEM, not Ed25519).
hal::Result<PublicKey> load_public_key(const std::filesystem::path& pem);

// Steps 1-3 of IMAGE.md's "then the bytes are used": hash, key id among
// `keys`, signature. Returns the key that signed. Errors: kCorrupt
// (hash_mismatch), kPermissionDenied (unknown_key, bad_signature).
hal::Result<PublicKey> verify_image(std::span<const std::uint8_t> bytes, const FirmwareImage& image,
                                    const std::vector<PublicKey>& keys, const std::string& name);

std::string hex(std::span<const std::uint8_t> bytes);

}  // namespace station::fwupdate
