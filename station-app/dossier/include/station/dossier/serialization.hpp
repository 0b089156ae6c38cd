// The dossier written down: CBOR (RFC 8949) through nlohmann-json.
//   - a standard, self-describing format: a reader can skip fields it does not
//     know, so a later station version can add fields without a new format;
//   - images are CBOR byte strings, with no base64 overhead on ~1 MB of
//     biometrics (JSON would add a third);
//   - maps are written with sorted keys and shortest integers, so the same
//     dossier always gives the same bytes and its SHA-256 is a content hash;
//   - the same library renders JSON for `station dossier show --json`.
// Each part is also encoded alone, as the store keeps parts in separate
// encrypted records (a draft is saved step by step). Every encoding carries
// a format version ("v": 1).
#pragma once

#include <nlohmann/json.hpp>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/dossier/dossier.hpp"

namespace station::dossier {

inline constexpr int kFormatVersion = 1;

hal::Bytes encode(const Demographics& demographics);
hal::Bytes encode(const Capture& capture);
hal::Bytes encode(const FingerSlot& slot);
hal::Bytes encode(const Dossier& dossier);

// Each returns kCorrupt naming the field that is missing or of the wrong
// type, or kUnsupported for a newer format version.
hal::Result<Demographics> decode_demographics(hal::ByteView cbor);
hal::Result<Capture> decode_capture(hal::ByteView cbor);
hal::Result<FingerSlot> decode_finger_slot(hal::ByteView cbor);
hal::Result<Dossier> decode_dossier(hal::ByteView cbor);

// Our records nest a few levels; nlohmann's CBOR reader recurses once per
// level, so a few hundred KB of nested maps would overflow the stack.
inline constexpr std::size_t kMaxCborDepth = 32;
// False when lists and maps in `cbor` nest deeper than `max_depth`; true
// otherwise, malformed input included (the parser then names what is wrong).
bool cbor_nesting_within(hal::ByteView cbor, std::size_t max_depth);

// A readable rendering for people and scripts. Images appear as their format,
// size and SHA-256 only, unless `with_biometrics` (then base64 data too).
nlohmann::json to_display_json(const Dossier& dossier, bool with_biometrics);

}  // namespace station::dossier
