#pragma once

#include "hal/result.hpp"
#include "sqlite.hpp"

namespace station::store {

// Brings the database to kSchemaVersion in one transaction: a crash half-way
// leaves it at its old version. kUnsupported for a database newer than this
// software.
hal::Status migrate(const Database& db);

}  // namespace station::store
