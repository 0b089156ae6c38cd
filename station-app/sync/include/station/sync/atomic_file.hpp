// Writing a file so that a reader (or a crash) sees the old state or the
// whole new file, never a part: write a temporary beside it, fsync, rename,
// fsync the folder. For removable media, where a courier may pull the stick.
#pragma once

#include <filesystem>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::sync {

// kNoSpace (disk full, or the file size limit), kIo, kPermissionDenied; the
// temporary is removed on failure and `path` is left as it was.
hal::Status write_file_atomically(const std::filesystem::path& path, hal::ByteView bytes);

// kNotFound, kIo.
hal::Result<hal::Bytes> read_whole_file(const std::filesystem::path& path);

}  // namespace station::sync
