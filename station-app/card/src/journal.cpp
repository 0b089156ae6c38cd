#include "station/card/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include <openssl/crypto.h>

#include "hal/files.hpp"
#include "station/store/envelope.hpp"

namespace station::card {

namespace {

namespace fs = std::filesystem;

constexpr const char* kImageFile = "image.sealed";
// Where an older version kept the image in clear: removed with the journal.
constexpr const char* kClearImageFile = "image.bin";
constexpr const char* kLogFile = "journal.log";
constexpr const char* kNoBinding = "-";

// Holder data and chip keys leave no copy behind in freed memory.
void wipe(hal::Bytes& bytes) {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
}

std::int64_t seconds_since_epoch(Journal::TimePoint at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

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

// What the image is sealed for: this binding, begun at this second.
hal::Bytes associated_data(const std::string& binding, Journal::TimePoint begun_at) {
  const std::string text = "station card journal\n" + (binding.empty() ? std::string(kNoBinding) : binding) + "\n" +
                           std::to_string(seconds_since_epoch(begun_at));
  return hal::Bytes(text.begin(), text.end());
}

}  // namespace

hal::Result<Journal> Journal::open(const fs::path& state_dir, JournalKey key) {
  HAL_TRY(make_private_dir(state_dir));
  Journal journal(state_dir, std::move(key));
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
    binding_.clear();
    std::int64_t seconds = 0;
    // An older log ("begin <document number> <binding>") holds no time: its
    // personalisation counts as begun at the epoch, so it expires at once.
    if (!(words >> binding_ >> seconds)) seconds = 0;
    if (binding_ == kNoBinding) binding_.clear();
    begun_at_ = TimePoint(std::chrono::seconds(seconds));
  } else if (event == "done") {
    done_ = true;
  }
}

hal::Status Journal::begin(const CardImage& image, const std::string& binding) {
  if (binding.find_first_of(" \n") != std::string::npos)
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "journal: a binding has no spaces: '" + binding + "'");
  if (!key_.keys) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "journal: no key store to seal the card image with; it is never written in clear");
  }
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  const std::string line = "begin " + (binding.empty() ? std::string(kNoBinding) : binding) + " " +
                           std::to_string(seconds_since_epoch(now));
  hal::Bytes plain = serialize_image(image);
  auto sealed = store::seal_envelope(*key_.keys, key_.wrap_key, associated_data(binding, now), plain);
  wipe(plain);
  if (!sealed) {
    return hal::make_error(sealed.error().code,
                           "journal: cannot seal the card image with key '" + key_.wrap_key + "': " +
                               sealed.error().message);
  }
  HAL_TRY(hal::write_file_atomically(dir_ / kImageFile, *sealed));
  return record(line);
}

hal::Result<CardImage> Journal::image(const std::string& binding) const {
  const fs::path path = dir_ / kImageFile;
  if (binding != binding_) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "the card journal in " + dir_.string() + " is for " +
                               (binding_.empty() ? "an unrecorded source" : binding_) + ", not for " +
                               (binding.empty() ? "an unrecorded source" : binding) +
                               "; finish that one, or pass --restart to abandon it");
  }
  if (!key_.keys) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "journal: no key store to open the sealed card image " + path.string() + " with");
  }
  auto sealed = hal::read_regular_file(path, hal::kJournalFile);
  if (!sealed && sealed.error().code == hal::ErrorCode::kNotFound)
    return hal::make_error(hal::ErrorCode::kNotFound, "journal: no card image in " + dir_.string());
  if (!sealed) return hal::make_error(sealed.error().code, "journal: " + sealed.error().message);
  auto plain = store::open_envelope(*key_.keys, key_.wrap_key, associated_data(binding_, begun_at_), *sealed);
  if (!plain) {
    if (plain.error().code != hal::ErrorCode::kCorrupt) return plain.error();
    return hal::make_error(hal::ErrorCode::kCorrupt,
                           "the card journal's image " + path.string() + " fails its check for " + binding_ +
                               " begun at " + std::to_string(seconds_since_epoch(begun_at_)) +
                               " (the image or its log was changed, or it was sealed by another station): " +
                               plain.error().message + "; nothing was written to the card; pass --restart to "
                               "abandon it");
  }
  auto image = parse_image(*plain);
  wipe(*plain);
  if (!image) return hal::make_error(hal::ErrorCode::kCorrupt, "journal: " + path.string() + ": " + image.error().message);
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
  fs::remove(dir_ / kClearImageFile, ec);
  sync_dir(dir_);
  return {};
}

hal::Status Journal::reset() {
  std::error_code ec;
  fs::remove(dir_ / kImageFile, ec);
  fs::remove(dir_ / kClearImageFile, ec);
  fs::remove(dir_ / kLogFile, ec);
  sync_dir(dir_);
  events_.clear();
  binding_.clear();
  begun_at_ = {};
  begun_ = done_ = false;
  return {};
}

}  // namespace station::card
