// The database schema and its history. Version N's script turns a version
// N-1 database (0: an empty file) into version N and sets PRAGMA
// user_version = N. Every script stays here unchanged once released, so a
// database of any earlier version can be brought forward step by step; the
// migration tests build a database of each earlier version from them.
//   1  dossiers, encrypted records, the audit log, its signed heads
//   2  dossiers.payload_bytes (kept by every write, backfilled here) and a
//      covering index on (state, created_at, ...), so `station queue` lists
//      20 000 dossiers from that index alone
//   3  sync: batches (own and relayed), their members, receipts, custody
//      records of removable media
#pragma once

#include <string_view>

namespace station::store {

inline constexpr int kSchemaVersion = 3;

// The script that migrates version `version - 1` to `version`
// (1 <= version <= kSchemaVersion); empty for any other number.
std::string_view migration_script(int version);

}  // namespace station::store
