// A SQLite VFS that wraps the default one and fails chosen calls on demand:
// SQLite's own extension point for fault injection, beneath an unmodified
// store. Open a store with StoreOptions::vfs = FaultVfs::kName.
#pragma once

#include <filesystem>
#include <string>

namespace store_test {

class FaultVfs {
 public:
  static constexpr const char* kName = "station-test-fault";
  enum class Call { kRead, kWrite, kSync };

  // Registers the VFS once per process (not as the default).
  static FaultVfs& install();

  // From now on, `call` on any file whose name ends with `suffix` ("" = all,
  // "-wal", ".db") fails with SQLite result code `code`, `times` times
  // (-1: until clear()), after `skip` successful calls.
  void arm(Call call, int code, const std::string& suffix = "", int times = -1, int skip = 0);
  void clear();
  // From now on, before each change to a database, WAL or journal file, the
  // bytes it replaces go to `log` (write_log.hpp), and each completed sync
  // and delete after it: what cut_power() needs to lose, after this process
  // died, exactly what a power cut could.
  void record_writes(const std::filesystem::path& log);
  // How many calls were made to fail since the last arm().
  int injected() const;
};

}  // namespace store_test
