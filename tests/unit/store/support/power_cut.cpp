#include "power_cut.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <map>

#include "cmocka.hpp"
#include "write_log.hpp"

namespace store_test {

namespace {

constexpr std::int64_t kSector = 512;

// One open file of the cut; fails the test on any error of its own.
class Target {
 public:
  explicit Target(const std::string& path) : path_(path), fd_(::open(path.c_str(), O_RDWR | O_CLOEXEC)) {
    if (fd_ < 0) fail_msg("power cut: cannot open %s: %s", path.c_str(), strerror(errno));
  }
  ~Target() { ::close(fd_); }
  Target(const Target&) = delete;
  Target& operator=(const Target&) = delete;

  std::int64_t size() const { return static_cast<std::int64_t>(::lseek(fd_, 0, SEEK_END)); }
  void put(std::int64_t offset, const std::uint8_t* data, std::int64_t count) {
    if (count > 0 && ::pwrite(fd_, data, static_cast<std::size_t>(count), offset) != count) {
      fail_msg("power cut: cannot write %s: %s", path_.c_str(), strerror(errno));
    }
  }
  void resize(std::int64_t size) {
    if (::ftruncate(fd_, size) != 0) fail_msg("power cut: cannot resize %s: %s", path_.c_str(), strerror(errno));
  }

 private:
  std::string path_;
  int fd_;
};

// What a lost write leaves in [from, to): the bytes it overwrote, zeros
// where it had extended the file, or garbage.
void restore(Target& file, const write_log::Record& r, std::int64_t from, std::int64_t to, bool garbage,
             std::mt19937_64& random) {
  if (to <= from) return;
  hal::Bytes bytes(static_cast<std::size_t>(to - from), 0);
  for (std::int64_t at = from; at < to; ++at) {
    std::uint8_t& b = bytes[static_cast<std::size_t>(at - from)];
    std::int64_t old_index = at - r.offset;
    if (garbage) {
      b = static_cast<std::uint8_t>(random());
    } else if (old_index < static_cast<std::int64_t>(r.old_bytes.size())) {
      b = r.old_bytes[static_cast<std::size_t>(old_index)];
    }
  }
  file.put(from, bytes.data(), to - from);
}

void discard(Target& file, const write_log::Record& r, std::mt19937_64& random) {
  if (r.kind == write_log::Kind::kTruncate) {
    if (r.old_size > r.offset) file.put(r.offset, r.old_bytes.data(), static_cast<std::int64_t>(r.old_bytes.size()));
    return;
  }
  const std::int64_t end = r.offset + r.length;
  if (r.old_size < end && file.size() <= end) file.resize(std::min(file.size(), r.old_size));  // the appended tail never got there
  restore(file, r, r.offset, std::min(end, file.size()), false, random);
}

// Each sector of the write, at random: new, old, or garbage, whole or in part.
void tear(Target& file, const write_log::Record& r, std::mt19937_64& random) {
  const std::int64_t end = r.offset + r.length;
  for (std::int64_t sector = r.offset - r.offset % kSector; sector < end; sector += kSector) {
    std::int64_t from = std::max(sector, r.offset), to = std::min(sector + kSector, end);
    int fate = static_cast<int>(random() % 6);
    if (fate < 3) continue;  // this sector of the write reached the disk
    if (fate == 5 && to - from > 1) {  // only part of the sector did
      std::int64_t split = from + 1 + static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(to - from - 1));
      (random() % 2 ? from : to) = split;
    }
    restore(file, r, from, to, fate == 4, random);
  }
}

// Which records are past their file's last completed sync or delete.
std::vector<std::size_t> unsynced(const std::vector<write_log::Record>& records) {
  std::map<std::string, std::size_t> settled;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].kind == write_log::Kind::kSync || records[i].kind == write_log::Kind::kDelete) settled[records[i].file] = i + 1;
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    bool change = r.kind == write_log::Kind::kWrite || r.kind == write_log::Kind::kTruncate;
    if (change && i >= settled[r.file]) out.push_back(i);
  }
  return out;
}

}  // namespace

CutReport& CutReport::operator+=(const CutReport& other) {
  unsynced += other.unsynced;
  kept += other.kept;
  discarded += other.discarded;
  torn += other.torn;
  return *this;
}

CutReport cut_power(const std::filesystem::path& log, std::mt19937_64& random) {
  const auto records = write_log::read(log);
  const auto lost = unsynced(records);
  CutReport report;
  for (auto i = lost.rbegin(); i != lost.rend(); ++i) {
    const auto& r = records[*i];
    if (!std::filesystem::exists(r.file)) continue;  // deleted later: nothing of it is left to lose
    Target file(r.file);
    ++report.unsynced;
    int fate = static_cast<int>(random() % 3);
    if (fate == 0 || (fate == 2 && r.kind == write_log::Kind::kTruncate)) {
      ++report.kept;
    } else if (fate == 1) {
      discard(file, r, random);
      ++report.discarded;
    } else {
      tear(file, r, random);
      ++report.torn;
    }
  }
  std::error_code absent;  // a writer killed before it opened its log left none
  std::filesystem::resize_file(log, 0, absent);
  return report;
}

}  // namespace store_test
