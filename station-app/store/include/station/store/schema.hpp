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
//   4  the audit log against someone with the disk: heads sign the log's
//      state and their predecessor, are never deleted; batches and receipts
//      keep the head they carried; audit_by_object (a dossier's history)
//   5  nothing stranded: the 'rejected' state with the registry's reason and
//      the re-seal's supervisor; card_writes, one lease per card being written
#pragma once

#include <string_view>

namespace station::store {

inline constexpr int kSchemaVersion = 5;

// The script that migrates version `version - 1` to `version`
// (1 <= version <= kSchemaVersion); empty for any other number.
std::string_view migration_script(int version);

}  // namespace station::store
