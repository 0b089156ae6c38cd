#include "station/officers/provisioning.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace station::officers {

namespace {

using hal::ErrorCode;

// The marker holds a few short lines; anything longer is not ours.
constexpr std::size_t kMaxMarkerBytes = 4096;

hal::Error marker_error(const std::filesystem::path& marker, const std::string& doing, int err) {
  return hal::make_error(ErrorCode::kIo, "cannot " + doing + " the station's provisioning marker " + marker.string() +
                                             ": " + std::strerror(err));
}

hal::Status fsync_folder(const std::filesystem::path& marker) {
  const auto folder = marker.parent_path().empty() ? std::filesystem::path(".") : marker.parent_path();
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return marker_error(marker, "flush the folder of", errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return marker_error(marker, "flush the folder of", err);
  return {};
}

}  // namespace

hal::Result<Provisioning> read_provisioning(const std::filesystem::path& marker) {
  const int fd = ::open(marker.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return Provisioning{};
  if (fd < 0) return marker_error(marker, "open", errno);
  struct stat st {};
  std::string text(kMaxMarkerBytes, '\0');
  ssize_t n = -1;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) n = ::read(fd, text.data(), text.size());
  const int err = S_ISREG(st.st_mode) ? errno : EINVAL;
  ::close(fd);
  if (n < 0) return marker_error(marker, "read", err);
  text.resize(static_cast<std::size_t>(n));
  // A marker that exists at all means the station was set up, even when a
  // crash left it short.
  return Provisioning{true, text.starts_with("supervisor ") || text.find("\nsupervisor ") != std::string::npos};
}

hal::Status record_provisioning(const std::filesystem::path& marker, std::string_view what,
                                std::string_view officer_id, std::int64_t at_ms) {
  const std::string line = std::string(what) + " " + std::string(officer_id) + " " + std::to_string(at_ms) + "\n";
  const int fd = ::open(marker.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return marker_error(marker, "create", errno);
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!written) return marker_error(marker, "write", err);
  return fsync_folder(marker);
}

}  // namespace station::officers
