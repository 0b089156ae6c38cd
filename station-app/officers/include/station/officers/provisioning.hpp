// Whether the station was ever set up. Its first account is made without a
// log-in, so "no accounts yet" must not be something an empty or replaced
// officers file can claim: the setup is recorded in a marker file beside the
// dossier store (the data it protects), written once the first account
// exists and never removed by the station.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "hal/result.hpp"

namespace station::officers {

struct Provisioning {
  bool provisioned = false;     // the station's first account was made
  bool has_supervisor = false;  // its first supervisor was made
};

// The marker at `marker`; absent: a station never provisioned.
// kIo when it exists but cannot be read (or is not a regular file).
hal::Result<Provisioning> read_provisioning(const std::filesystem::path& marker);

// Appends "<what> <officer_id> <at_ms>" ("account", "supervisor") to the
// marker, created with mode 0600, flushed to the disk with its folder.
hal::Status record_provisioning(const std::filesystem::path& marker, std::string_view what,
                                std::string_view officer_id, std::int64_t at_ms);

}  // namespace station::officers
