// The simulator's own SQLite file: partial uploads by offset, completed
// batches with their receipts, every dossier received, each station's chain.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace registry {

struct Upload {
  std::string batch_id;
  std::string hash_hex;
  std::uint64_t length = 0;
  std::uint64_t received = 0;
  bool complete = false;
  hal::Bytes receipt;
};

struct ChainEnd {
  std::int64_t last_sequence = 0;
  hal::Bytes last_hash = hal::Bytes(32, 0);
  std::int64_t last_audit_seq = 0;  // the audit head the last batch carried
};

class RegistryDb {
 public:
  static hal::Result<RegistryDb> open(const std::filesystem::path& path);
  RegistryDb(RegistryDb&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  RegistryDb& operator=(RegistryDb&&) = delete;
  ~RegistryDb();

  hal::Status exec(const std::string& sql);
  std::optional<Upload> upload(const std::string& batch_id);
  // Starts an upload or appends a chunk at `offset` (== received), in one
  // transaction; also counts the bytes received.
  hal::Status append(const std::string& batch_id, const std::string& hash_hex, std::uint64_t length,
                     std::uint64_t offset, hal::ByteView chunk);
  hal::Bytes assemble(const std::string& batch_id);
  void forget(const std::string& batch_id);
  ChainEnd chain(const std::string& station);
  // The batch accepted: its dossiers, the chain's new end and the receipt,
  // in one transaction.
  struct Accepted {
    std::string batch_id, station;
    std::int64_t sequence = 0;
    hal::Bytes hash;
    std::vector<std::pair<std::string, hal::Bytes>> dossiers;  // accepted: id, sha256
    std::vector<std::pair<std::string, std::string>> rejected;  // id, reason
    hal::Bytes receipt;
    std::int64_t audit_seq = 0;  // the station's audit head it carried
  };
  hal::Status complete(const Accepted& accepted);
  // Where dossier `id` was received, if at all.
  std::optional<std::string> batch_of_dossier(const std::string& id);
  std::int64_t count(const std::string& sql);
  std::string station_json(const std::string& station);

 private:
  explicit RegistryDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace registry
