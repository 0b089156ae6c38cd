// Database files that hold the station's secrets (dossiers, officer PINs and
// fingers) are the station user's alone, from the moment they exist.
#pragma once

#include <filesystem>
#include <string>

#include "hal/result.hpp"

namespace station::sqlite {

// Creates `path`'s folder with mode 0700 when it is missing, and the file
// with mode 0600 (tightened to 0600 when it exists), before SQLite opens it:
// SQLite gives the WAL and shm files the database file's mode.
// kUnavailable naming `what` ("the store") and the setting to check (`key`).
hal::Status create_private_file(const std::filesystem::path& path, const std::string& what, const std::string& key);

}  // namespace station::sqlite
