#include "station/sqlite/private_file.hpp"

#include "hal/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace station::sqlite {

hal::Status create_private_file(const std::filesystem::path& path, const std::string& what, const std::string& key) {
  std::error_code ec;
  const auto folder = path.parent_path();
  if (!folder.empty() && !std::filesystem::exists(folder, ec)) {
    std::filesystem::create_directories(folder, ec);
    if (!ec) std::filesystem::permissions(folder, std::filesystem::perms::owner_all, ec);
    if (ec) {
      return hal::make_error(hal::ErrorCode::kUnavailable, "cannot create the folder of " + what + " '" +
                                                               folder.string() + "': " + ec.message() + "; check " + key);
    }
  }
  const int fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0600);
  const bool ok = fd >= 0 && ::fchmod(fd, 0600) == 0;
  const int err = errno;
  if (fd >= 0) ::close(fd);
  if (ok) return {};
  if (hal::is_disk_full(err)) return hal::storage_error(err, "creating " + what + " " + path.string());
  return hal::make_error(hal::ErrorCode::kUnavailable, "cannot open " + what + " '" + path.string() + "': " +
                                                           std::strerror(err) + "; check " + key + " and permissions");
}

}  // namespace station::sqlite
