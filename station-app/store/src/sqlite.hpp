// The store's SQLite layer is the station's shared one (station-app/sqlite);
// these names keep the store's code reading as it did when the layer was its own.
#pragma once

#include "station/sqlite/sqlite.hpp"

namespace station::store {

using sqlite::Database;
using sqlite::Statement;
using sqlite::Transaction;

}  // namespace station::store
