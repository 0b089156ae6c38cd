// Files in and out, and telling image formats apart.
#include "station/biometrics/image_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

namespace station::biometrics {

namespace {

hal::Error io_error(const std::string& what, const std::filesystem::path& path, int error_number) {
  auto code = error_number == ENOSPC   ? hal::ErrorCode::kNoSpace
              : error_number == ENOENT ? hal::ErrorCode::kNotFound
                                       : hal::ErrorCode::kIo;
  return hal::make_error(code, what + " '" + path.string() + "': " + std::strerror(error_number));
}

bool starts_with(hal::ByteView bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() && std::memcmp(bytes.data(), prefix.data(), prefix.size()) == 0;
}

// Writes all of `bytes` to `fd`, then flushes it to the disk.
int write_and_sync(int fd, hal::ByteView bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    done += static_cast<std::size_t>(n);
  }
  return ::fsync(fd) == 0 ? 0 : errno;
}

}  // namespace

hal::Result<hal::Bytes> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error("cannot open", path, errno);
  hal::Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return io_error("cannot read", path, errno);
  return bytes;
}

hal::Status write_file(const std::filesystem::path& path, hal::ByteView bytes) {
  std::filesystem::path temporary = path;
  temporary += ".part";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot create", temporary, errno);
  int failure = write_and_sync(fd, bytes);
  if (::close(fd) != 0 && failure == 0) failure = errno;
  if (failure == 0 && ::rename(temporary.c_str(), path.c_str()) != 0) failure = errno;
  if (failure != 0) {
    ::unlink(temporary.c_str());
    return io_error("cannot write", path, failure);
  }
  return {};
}

hal::Result<GreyImage> decode_image(hal::ByteView data) {
  if (starts_with(data, "\x89PNG")) return decode_png(data);
  if (starts_with(data, "P5")) return decode_pgm(data);
  return hal::make_error(hal::ErrorCode::kUnsupported, "image is neither PNG nor binary PGM (P5)");
}

hal::Result<GreyImage> read_image(const std::filesystem::path& path) {
  auto bytes = read_file(path);
  if (!bytes) return bytes.error();
  auto image = decode_image(*bytes);
  if (!image) return hal::make_error(image.error().code, path.string() + ": " + image.error().message);
  return image;
}

hal::Status write_image(const std::filesystem::path& path, const GreyImage& image) {
  if (path.extension() == ".pgm") return write_file(path, encode_pgm(image));
  auto png = encode_png(image);
  if (!png) return png.error();
  return write_file(path, *png);
}

}  // namespace station::biometrics
