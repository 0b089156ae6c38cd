// A card as personalization leaves it, made in-process on the simulator's
// code and saved with card-sim's --state format, so a rig test starts
// card-sim already issued and counts APDUs from its own first command.
#pragma once

#include <filesystem>
#include <string>

#include "hal/result.hpp"
#include "station/card/access/access_key.hpp"

namespace card_access_test {

inline const station::card::access::MrzFields kMrz{"C4X7N2P91", "920315", "310314"};
inline const char* const kCan = "482913";
inline const char* const kDg1 = "615B5F1F58493C56544E";
inline constexpr std::size_t kDg2Size = 3000;

struct IssuedCard {
  std::filesystem::path state_file;
  hal::Bytes aa_public_key;  // DG15's SubjectPublicKeyInfo
  hal::Bytes ca_public_key;  // DG14's Chip Authentication SubjectPublicKeyInfo (P-256, keyId 1)
};

// DG2's first kDg2Size bytes as written.
hal::Bytes dg2_pattern();

// EF.CardAccess offering PACE on brainpoolP256r1, DG1, DG2, the MRZ key, the
// CAN, an AA key and a CA key, locked. Written into `dir`. Errors: kInternal naming
// the personalization step the simulated card refused, kIo.
hal::Result<IssuedCard> issue_card(const std::filesystem::path& dir);

}  // namespace card_access_test
