#include "station/store/writer_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include "hal/files.hpp"
#include "station/sqlite/private_file.hpp"

namespace station::store {

std::filesystem::path writer_lock_path(const std::filesystem::path& database) {
  std::filesystem::path lock = database;
  lock += ".lock";
  return lock;
}

hal::Result<WriterLock> WriterLock::take(const std::filesystem::path& database) {
  // The lock is taken before the store opens (and may migrate), so on a
  // first run its private folder is made here.
  HAL_TRY(sqlite::create_private_file(database, "the store", "[store] path"));
  const auto path = writer_lock_path(database);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return hal::storage_error(errno, "opening the store's lock " + path.string());
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return WriterLock(fd);
  const int why = errno;
  ::close(fd);
  if (why == EWOULDBLOCK) {
    return hal::make_error(hal::ErrorCode::kBusy,
                           "busy: another station command is running on the store " + database.string() +
                               " (it holds " + path.string() + "); nothing was changed; run this again when it ends");
  }
  return hal::storage_error(why, "locking the store " + path.string());
}

WriterLock& WriterLock::operator=(WriterLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

WriterLock::~WriterLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace station::store
