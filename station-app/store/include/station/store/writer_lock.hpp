// One station command at a time on a store: two exports (or an export and a
// sync pass) interleaving their batches would each see the other's half-done
// work, which the chain checks can only read as tampering. An advisory lock
// (flock) on "<store>.lock" beside the database serializes them; the kernel
// drops it when the process ends, however it ends.
#pragma once

#include <filesystem>

#include "hal/result.hpp"

namespace station::store {

class WriterLock {
 public:
  // Takes the lock of the store at `database`, without waiting; the
  // store's folder (0700) and file (0600) are made first when missing. kBusy
  // ("busy: another station command is running ...") when another process
  // holds it; the errors of hal::storage_error when the lock file cannot be
  // made.
  static hal::Result<WriterLock> take(const std::filesystem::path& database);

  WriterLock(WriterLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  WriterLock& operator=(WriterLock&& other) noexcept;
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  ~WriterLock();

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_;
};

// The lock file of the store at `database`.
std::filesystem::path writer_lock_path(const std::filesystem::path& database);

}  // namespace station::store
