// The batch plaintext, CBOR (RFC 8949) { "dossiers": [{ "an2": bytes,
// "id": text }], "manifest": text, "v": 1 }, laid out in pieces around the
// records so that each record goes from the store to the cipher without a
// copy. Keys come in the order nlohmann::json has always written them
// (sorted), heads in their shortest form: the bytes of earlier batches.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "hal/bytes.hpp"

namespace station::sync::payload {

inline constexpr int kVersion = 1;

// The map's head, "dossiers" and the list's head.
hal::Bytes opening(std::size_t dossiers);
// One dossier up to its record's bytes: the map's head, "an2", the byte
// string's head.
hal::Bytes record_opening(std::size_t record_size);
// "id" and the dossier id, after its record.
hal::Bytes record_closing(const std::string& id);
// "manifest", its text, "v" and the version.
hal::Bytes closing(const std::string& manifest_text);
std::size_t closing_size(std::size_t manifest_size);

}  // namespace station::sync::payload
