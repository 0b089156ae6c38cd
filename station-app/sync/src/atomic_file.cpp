#include "station/sync/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>

namespace station::sync {

namespace {

using hal::ErrorCode;

hal::Error io_error(int err, const std::string& doing) {
  const ErrorCode code = (err == ENOSPC || err == EFBIG || err == EDQUOT) ? ErrorCode::kNoSpace
                         : (err == EACCES || err == EPERM || err == EROFS) ? ErrorCode::kPermissionDenied
                                                                           : ErrorCode::kIo;
  std::string hint = code == ErrorCode::kNoSpace ? "; the medium is full, use a larger one (nothing was lost)" : "";
  return hal::make_error(code, doing + ": " + std::strerror(err) + hint);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

hal::Status write_all(int fd, hal::ByteView bytes, const std::string& doing) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error(errno, doing);
    done += static_cast<std::size_t>(n);
  }
  return {};
}

// Over RLIMIT_FSIZE a write raises SIGXFSZ, which would kill the process;
// ignored, the write fails with EFBIG, which we report as a full medium.
void ignore_file_size_signal() {
  static const bool done = [] {
    std::signal(SIGXFSZ, SIG_IGN);
    return true;
  }();
  (void)done;
}

}  // namespace

hal::Status write_file_atomically(const std::filesystem::path& path, hal::ByteView bytes) {
  ignore_file_size_signal();
  const std::filesystem::path temporary = path.parent_path() / ("." + path.filename().string() + ".partial");
  const std::string doing = "writing " + path.string();
  Fd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) return io_error(errno, doing);
  hal::Status written = write_all(fd.get(), bytes, doing);
  if (written && ::fsync(fd.get()) != 0) written = io_error(errno, doing + " (fsync)");
  if (written && ::close(fd.release()) != 0) written = io_error(errno, doing + " (close)");
  if (written && ::rename(temporary.c_str(), path.c_str()) != 0) written = io_error(errno, doing + " (rename)");
  if (!written) {
    ::unlink(temporary.c_str());
    return written;
  }
  Fd dir(::open(path.parent_path().empty() ? "." : path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) return io_error(errno, doing + " (fsync of the folder)");
  return {};
}

hal::Result<hal::Bytes> read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return hal::make_error(ErrorCode::kNotFound, "cannot open " + path.string());
  hal::Bytes out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return hal::make_error(ErrorCode::kIo, "reading " + path.string() + " failed");
  return out;
}

}  // namespace station::sync
