// The side log of FaultVfs's power-cut recording (FaultVfs::record_writes):
// before a write or truncate reaches a database, WAL or journal file, the
// bytes it replaces are appended here; a completed xSync or xDelete is
// appended after it. Each record goes out in one write(2) to a file opened
// O_APPEND, so a SIGKILL leaves whole records and at most one cut record at
// the end, whose change to the database never happened.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hal/bytes.hpp"

namespace store_test::write_log {

enum class Kind : std::uint8_t { kWrite = 'W', kTruncate = 'T', kSync = 'S', kDelete = 'D' };

struct Record {
  Kind kind = Kind::kWrite;
  std::string file;
  std::int64_t offset = 0;    // a write's position; a truncate's new size
  std::int64_t length = 0;    // bytes written (0 for the others)
  std::int64_t old_size = 0;  // the file's size before the write or truncate
  hal::Bytes old_bytes;       // what the write overwrote, or the truncate cut off (bytes that existed only)
};

// Opens `path` for this process's records (created, emptied).
void start(const std::filesystem::path& path);
bool started();
// Appends one record; false when the log cannot take it (the caller fails
// the file operation, so no change goes unrecorded).
bool append(const Record& record);

// Every whole record in `path`, oldest first.
std::vector<Record> read(const std::filesystem::path& path);

}  // namespace store_test::write_log
