#include "station/card/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "hal/files.hpp"

namespace station::card {

namespace {

namespace fs = std::filesystem;

constexpr const char* kImageFile = "image.bin";
constexpr const char* kLogFile = "journal.log";

hal::Error io_error(const std::string& what, const fs::path& path) {
  return hal::storage_error(errno, "journal: cannot " + what + " " + path.string());
}

hal::Status write_all(int fd, hal::ByteView data, const fs::path& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("write", path);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return io_error("flush", path);
  return {};
}

// The folder's entry for a renamed or created file reaches the disk too.
void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Made 0700 from the start (no window at the umask's mode), and an older
// folder made with wider rights is tightened.
hal::Status make_private_dir(const fs::path& dir) {
  std::error_code ec;
  if (dir.has_parent_path()) fs::create_directories(dir.parent_path(), ec);
  if (ec) return hal::make_error(hal::ErrorCode::kIo, "journal: cannot create " + dir.string() + ": " + ec.message());
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return io_error("create", dir);
  struct stat info {};
  if (::lstat(dir.c_str(), &info) != 0) return io_error("inspect", dir);
  if (!S_ISDIR(info.st_mode))
    return hal::make_error(hal::ErrorCode::kIo, "journal: " + dir.string() + " is not a folder");
  if ((info.st_mode & 0777) != 0700 && ::chmod(dir.c_str(), 0700) != 0) return io_error("restrict", dir);
  return {};
}

}  // namespace

hal::Result<Journal> Journal::open(const fs::path& state_dir) {
  HAL_TRY(make_private_dir(state_dir));
  Journal journal(state_dir);
  auto text = hal::read_regular_text_file(state_dir / kLogFile, hal::kJournalFile);
  if (!text && text.error().code == hal::ErrorCode::kNotFound) return journal;
  if (!text) return hal::make_error(text.error().code, "journal: " + text.error().message);
  std::size_t start = 0;
  for (std::size_t end; (end = text->find('\n', start)) != std::string::npos; start = end + 1) {
    journal.replay(text->substr(start, end - start));
  }
  return journal;
}

void Journal::replay(const std::string& line) {
  events_.push_back(line);
  std::istringstream words(line);
  std::string event;
  words >> event;
  if (event == "begin") {
    begun_ = true;
    done_ = false;
    document_number_.clear();
    binding_.clear();
    words >> document_number_ >> binding_;
  } else if (event == "done") {
    done_ = true;
  }
}

hal::Status Journal::begin(const CardImage& image, const std::string& binding) {
  if (binding.find_first_of(" \n") != std::string::npos)
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "journal: a binding has no spaces: '" + binding + "'");
  HAL_TRY(hal::write_file_atomically(dir_ / kImageFile, serialize_image(image)));
  return record("begin " + image.document_number + (binding.empty() ? "" : " " + binding));
}

hal::Result<CardImage> Journal::image() const {
  auto bytes = hal::read_regular_file(dir_ / kImageFile, hal::kJournalFile);
  if (!bytes && bytes.error().code == hal::ErrorCode::kNotFound)
    return hal::make_error(hal::ErrorCode::kNotFound, "journal: no card image in " + dir_.string());
  if (!bytes) return hal::make_error(bytes.error().code, "journal: " + bytes.error().message);
  auto image = parse_image(*bytes);
  if (!image) {
    return hal::make_error(hal::ErrorCode::kCorrupt, "journal: " + (dir_ / kImageFile).string() + ": " +
                                                         image.error().message);
  }
  return image;
}

hal::Status Journal::record(const std::string& event) {
  const fs::path path = dir_ / kLogFile;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return io_error("open", path);
  const std::string line = event + "\n";
  auto written = write_all(fd, hal::ByteView(reinterpret_cast<const std::uint8_t*>(line.data()), line.size()), path);
  ::close(fd);
  if (!written) return written;
  replay(event);
  return {};
}

hal::Status Journal::finish() {
  HAL_TRY(record("done"));
  std::error_code ec;
  fs::remove(dir_ / kImageFile, ec);
  sync_dir(dir_);
  return {};
}

hal::Status Journal::reset() {
  std::error_code ec;
  fs::remove(dir_ / kImageFile, ec);
  fs::remove(dir_ / kLogFile, ec);
  sync_dir(dir_);
  events_.clear();
  document_number_.clear();
  binding_.clear();
  begun_ = done_ = false;
  return {};
}

}  // namespace station::card
