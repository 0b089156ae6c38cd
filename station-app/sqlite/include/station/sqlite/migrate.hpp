// Forward-only schema migrations kept in PRAGMA user_version: script N turns
// a version N-1 database (0: an empty file) into version N and sets
// user_version = N. Scripts never change once released, so a database of any
// earlier version is brought forward step by step.
#pragma once

#include <span>
#include <string_view>

#include "hal/result.hpp"
#include "station/sqlite/sqlite.hpp"

namespace station::sqlite {

// Runs the scripts a database lacks (scripts[0] is version 1) in one
// transaction, so a crash half-way leaves the old version whole. `what` names
// the database in errors ("the officer registry"). kUnsupported for a
// database newer than the scripts; kCorrupt when a script does not fit the
// database (it is not what its version says).
hal::Status migrate(const Database& db, std::span<const std::string_view> scripts, std::string_view what);

}  // namespace station::sqlite
