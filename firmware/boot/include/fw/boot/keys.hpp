// The Ed25519 public keys built into the bootloader at compile time
// (FW_BOOT_PUBLIC_KEYS); the device never holds a private key.
#pragma once

#include <span>

#include "fw/image/verify.hpp"

namespace fw::boot {

std::span<const image::PublicKey> builtin_keys();

}  // namespace fw::boot
