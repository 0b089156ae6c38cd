#include "hal/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace hal {

namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now, so a failing close (NFS, a full medium) is seen.
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

std::string named(const std::filesystem::path& path, const FileKind& kind) {
  return std::string(kind.what) + " " + path.string();
}

Error refused(const std::filesystem::path& path, const FileKind& kind, const std::string& why) {
  return make_error(ErrorCode::kInvalidArgument, named(path, kind) + " " + why);
}

// Not a regular file: say what it is, so the officer knows what was given.
const char* file_type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "is a folder";
  if (S_ISFIFO(mode)) return "is a FIFO (named pipe)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device";
  if (S_ISSOCK(mode)) return "is a socket";
  return "is not a regular file";
}

Error open_error(int error_number, const std::filesystem::path& path, const FileKind& kind) {
  // O_NOFOLLOW on a link fails with ELOOP.
  if (error_number == ELOOP) return refused(path, kind, "is a symbolic link (links are not followed)");
  if (error_number == ENOENT) return make_error(ErrorCode::kNotFound, named(path, kind) + " does not exist");
  if (error_number == ENOTDIR) return refused(path, kind, "is not in a folder (a part of its path is a file)");
  return storage_error(error_number, "opening " + named(path, kind));
}

Result<Bytes> read_up_to(int fd, const std::filesystem::path& path, const FileKind& kind, std::uint64_t expected) {
  Bytes out(static_cast<std::size_t>(expected));
  std::size_t done = 0;
  // One byte past the cap tells a file that grew since fstat.
  const std::uint64_t limit = kind.max_bytes + 1;
  for (;;) {
    if (done == out.size()) {
      if (out.size() >= limit) break;
      out.resize(static_cast<std::size_t>(std::min<std::uint64_t>(limit, out.size() + 64 * 1024)));
    }
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return storage_error(errno, "reading " + named(path, kind));
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  if (done > kind.max_bytes) {
    return refused(path, kind, "is too large (over the " + std::to_string(kind.max_bytes) + "-byte limit)");
  }
  out.resize(done);
  return out;
}

Status write_all(int fd, ByteView bytes, const std::string& doing) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return storage_error(errno, doing);
    done += static_cast<std::size_t>(n);
  }
  return {};
}

// A name nobody else holds, created here: O_EXCL refuses anything already
// there, a link included, so the write never lands outside the folder.
Result<std::filesystem::path> create_temporary(const std::filesystem::path& path, unsigned mode, int& fd_out,
                                               const std::string& doing) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  for (int attempt = 0; attempt < 16; ++attempt) {
    std::filesystem::path temporary =
        path.parent_path() / ("." + path.filename().string() + "." + std::to_string(::getpid()) + "." +
                              std::to_string(random() % 1000000000) + ".partial");
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                          static_cast<mode_t>(mode));
    if (fd >= 0) {
      fd_out = fd;
      return temporary;
    }
    if (errno != EEXIST) return storage_error(errno, doing);
  }
  return make_error(ErrorCode::kIo, doing + ": no free name for the temporary file");
}

Status sync_folder(const std::filesystem::path& path, const std::string& doing) {
  const std::filesystem::path folder = path.parent_path().empty() ? "." : path.parent_path();
  Fd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) return storage_error(errno, doing + " (fsync of the folder)");
  return {};
}

}  // namespace

bool is_disk_full(int error_number) {
  return error_number == ENOSPC || error_number == EDQUOT || error_number == EFBIG;
}

Error storage_error(int error_number, const std::string& doing) {
  if (is_disk_full(error_number)) {
    return make_error(ErrorCode::kNoSpace, doing + ": " + std::string(kDiskFull) + " (" +
                                               std::strerror(error_number) + "); free space and try again");
  }
  switch (error_number) {
    case EACCES:
    case EPERM:
    case EROFS:
      return make_error(ErrorCode::kPermissionDenied, doing + ": " + std::strerror(error_number));
    case ENOENT:
      return make_error(ErrorCode::kNotFound, doing + ": " + std::strerror(error_number));
    default:
      return make_error(ErrorCode::kIo, doing + ": " + std::strerror(error_number));
  }
}

Result<Bytes> read_regular_file(const std::filesystem::path& path, const FileKind& kind) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (fd.get() < 0) return open_error(errno, path, kind);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return storage_error(errno, "reading " + named(path, kind));
  if (!S_ISREG(st.st_mode)) return refused(path, kind, file_type_name(st.st_mode));
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > kind.max_bytes) {
    return refused(path, kind, "is too large (" + std::to_string(size) + " bytes, over the " +
                                   std::to_string(kind.max_bytes) + "-byte limit)");
  }
  return read_up_to(fd.get(), path, kind, size);
}

Result<std::string> read_regular_text_file(const std::filesystem::path& path, const FileKind& kind) {
  auto bytes = read_regular_file(path, kind);
  if (!bytes) return bytes.error();
  return std::string(bytes->begin(), bytes->end());
}

Status write_file_atomically(const std::filesystem::path& path, ByteView bytes, unsigned mode) {
  const std::string doing = "writing " + path.string();
  int raw_fd = -1;
  auto temporary = create_temporary(path, mode, raw_fd, doing);
  if (!temporary) return temporary.error();
  Fd fd(raw_fd);
  Status written = write_all(fd.get(), bytes, doing);
  if (written && ::fsync(fd.get()) != 0) written = storage_error(errno, doing + " (fsync)");
  if (written && fd.close() != 0) written = storage_error(errno, doing + " (close)");
  // rename replaces a link at `path` itself; it never writes through it.
  if (written && ::rename(temporary->c_str(), path.c_str()) != 0) written = storage_error(errno, doing + " (rename)");
  if (!written) {
    ::unlink(temporary->c_str());
    return written;
  }
  return sync_folder(path, doing);
}

}  // namespace hal
