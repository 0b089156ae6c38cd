// The power cut itself, after SQLite's own crash tests (src/test6.c): once
// the process whose FaultVfs recorded its writes (FaultVfs::record_writes)
// is dead, every write or truncate that no completed sync of its file
// covered is what a disk with a volatile cache may lose. Each is, at random,
// kept, discarded (its old bytes back, an appended tail cut off) or torn:
// a random subset of its 512-byte sectors, some only in part, left old or
// filled with garbage. Synced data is never touched. Newest first, so
// overlapping writes unwind in order.
#pragma once

#include <filesystem>
#include <random>

namespace store_test {

struct CutReport {
  int unsynced = 0;  // writes and truncates no sync had covered
  int kept = 0;
  int discarded = 0;
  int torn = 0;
  CutReport& operator+=(const CutReport& other);
};

// Applies the cut to the files named in `log`, then empties the log.
CutReport cut_power(const std::filesystem::path& log, std::mt19937_64& random);

}  // namespace store_test
