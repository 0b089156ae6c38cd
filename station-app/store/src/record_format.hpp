// How a dossier's parts are named and bound in the database: record kinds,
// the AES-GCM associated data of each record, and the message a seal signs.
// README.md documents these byte layouts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hal/bytes.hpp"

namespace station::store {

inline constexpr std::string_view kDemographicsKind = "demographics";
inline constexpr std::string_view kFaceKind = "face";

// "finger.01" .. "finger.10".
std::string finger_kind(int position);
// The finger position of a "finger.NN" kind, if it is one.
std::optional<int> finger_position(std::string_view kind);
// Whether a record of this kind holds biometrics (face, fingers).
bool is_biometric(std::string_view kind);
// Every kind a complete dossier has.
const std::vector<std::string>& complete_kinds();

// AAD = "station record v1" || u32 len || dossier id || u32 len || kind || u64 version
// (big-endian): a record moved to another dossier, kind or version fails to decrypt.
hal::Bytes record_aad(std::string_view dossier_id, std::string_view kind, std::int64_t version);

// "station seal v1" || u32 len || dossier id || SHA-256 of the dossier's encoding.
hal::Bytes seal_message(std::string_view dossier_id, hal::ByteView content_hash);

}  // namespace station::store
