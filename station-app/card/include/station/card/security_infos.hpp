// SecurityInfos (Doc 9303 part 11 section 9.2): what EF.CardAccess and DG14
// tell a reader about the chip's protocols. EF.CardAccess holds the PACE
// parameters; DG14 holds them again with the Chip Authentication public key
// and, for ECDSA Active Authentication, the signature algorithm.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::card {

// Object identifiers (BSI TR-03110 / Doc 9303 part 11 section 9.2).
inline constexpr const char* kIdPaceEcdhGmAesCbcCmac128 = "0.4.0.127.0.7.2.2.4.2.2";
inline constexpr const char* kIdCaEcdhAesCbcCmac128 = "0.4.0.127.0.7.2.2.3.2.2";
inline constexpr const char* kIdPkEcdh = "0.4.0.127.0.7.2.2.1.2";
inline constexpr const char* kIdActiveAuthentication = "2.23.136.1.1.5";
inline constexpr const char* kEcdsaPlainSha256 = "0.4.0.127.0.7.1.1.4.1.3";

// Standardised domain parameters (part 11 section 9.5.1).
inline constexpr int kParamBrainpoolP256r1 = 13;
inline constexpr int kParamNistP256 = 12;

struct PaceInfo {
  std::string protocol = kIdPaceEcdhGmAesCbcCmac128;
  int version = 2;
  int parameter_id = kParamBrainpoolP256r1;
};

struct ChipSecurity {
  std::vector<PaceInfo> pace;
  hal::Bytes ca_public_key;  // SubjectPublicKeyInfo; empty: no Chip Authentication
  int ca_key_id = 1;
  std::string aa_signature_algorithm;  // empty: RSA AA (or none)
};

// A DER SET OF SecurityInfo: PACEInfo for each `pace`, then, when present,
// ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo and
// ActiveAuthenticationInfo.
hal::Bytes build_security_infos(const ChipSecurity& security);

// EF.CardAccess: the bare SET. DG14: 6E { SET }.
hal::Bytes build_card_access(const std::vector<PaceInfo>& pace);
hal::Bytes build_dg14(const ChipSecurity& security);

// Reads the SecurityInfos a reader needs; unknown SecurityInfos are skipped,
// as part 11 asks. kCorrupt.
hal::Result<ChipSecurity> parse_security_infos(hal::ByteView set, const std::string& what);
hal::Result<ChipSecurity> parse_card_access(hal::ByteView file);
hal::Result<ChipSecurity> parse_dg14(hal::ByteView file);

}  // namespace station::card
