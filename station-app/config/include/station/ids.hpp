// Station and batch ids arrive from the configuration, from media and from
// the network, and become file names and URL parts; so they have a strict
// syntax, checked wherever one is read from outside:
//
//   station id  1 to 32 ASCII letters, digits and '-', the first a letter or
//               digit ("field-01")
//   batch id    <station id>-<sequence>, the sequence 1 to 2^63-1 in decimal,
//               zero-padded to 6 digits and no further ("field-01-000042",
//               "field-01-1234567"; station/sync/manifest.hpp batch_id_for)
//
// Nothing else ('.', '/', spaces, non-ASCII, control characters) ever passes.
#pragma once

#include <string>
#include <string_view>

#include "hal/result.hpp"

namespace station {

inline constexpr std::size_t kMaxStationIdLength = 32;

// kInvalidArgument naming `where` (e.g. "the manifest's station") and the
// offending text, shown with anything unprintable escaped.
hal::Status check_station_id(std::string_view id, std::string_view where);
hal::Status check_batch_id(std::string_view id, std::string_view where);

// The text as it may be shown in a message: printable ASCII kept, every
// other byte as \xNN, cut after 80 bytes.
std::string printable(std::string_view text);

}  // namespace station
