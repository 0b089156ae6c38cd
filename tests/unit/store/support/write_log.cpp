#include "write_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>

namespace store_test::write_log {

namespace {

int log_fd = -1;

void put(hal::Bytes& out, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  out.insert(out.end(), bytes, bytes + size);
}

template <typename T>
void put_number(hal::Bytes& out, T value) {
  put(out, &value, sizeof value);  // read back on the same machine: host order
}

// A cursor over the log's bytes that says when a record runs past the end.
struct Reader {
  const hal::Bytes& bytes;
  std::size_t at = 0;
  bool take(void* out, std::size_t size) {
    if (bytes.size() - at < size) return false;
    std::memcpy(out, bytes.data() + at, size);
    at += size;
    return true;
  }
  template <typename T>
  bool number(T& out) {
    return take(&out, sizeof out);
  }
  bool text(std::string& out, std::uint32_t size) {
    if (bytes.size() - at < size) return false;
    out.assign(reinterpret_cast<const char*>(bytes.data() + at), size);
    at += size;
    return true;
  }
  bool blob(hal::Bytes& out, std::uint64_t size) {
    if (bytes.size() - at < size) return false;
    out.assign(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.begin() + static_cast<std::ptrdiff_t>(at + size));
    at += size;
    return true;
  }
};

bool read_record(Reader& in, Record& r) {
  std::uint8_t kind = 0;
  std::uint32_t name_size = 0;
  std::uint64_t old_count = 0;
  if (!in.number(kind) || !in.number(name_size) || !in.text(r.file, name_size)) return false;
  r.kind = static_cast<Kind>(kind);
  return in.number(r.offset) && in.number(r.length) && in.number(r.old_size) && in.number(old_count) &&
         in.blob(r.old_bytes, old_count);
}

}  // namespace

void start(const std::filesystem::path& path) {
  if (log_fd >= 0) ::close(log_fd);
  log_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
}

bool started() { return log_fd >= 0; }

bool append(const Record& r) {
  hal::Bytes out;
  put_number(out, static_cast<std::uint8_t>(r.kind));
  put_number(out, static_cast<std::uint32_t>(r.file.size()));
  put(out, r.file.data(), r.file.size());
  put_number(out, r.offset);
  put_number(out, r.length);
  put_number(out, r.old_size);
  put_number(out, static_cast<std::uint64_t>(r.old_bytes.size()));
  put(out, r.old_bytes.data(), r.old_bytes.size());
  return ::write(log_fd, out.data(), out.size()) == static_cast<ssize_t>(out.size());
}

std::vector<Record> read(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  const hal::Bytes bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  Reader in{bytes};
  std::vector<Record> records;
  for (Record r; in.at < bytes.size() && read_record(in, r);) records.push_back(std::move(r));
  return records;
}

}  // namespace store_test::write_log
