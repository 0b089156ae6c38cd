// Reading files that come from outside the station (removable media, files
// named on the command line or in the configuration) and writing files so a
// crash or a pulled stick leaves the old file or the whole new one.
//
// Every reader of such a file goes through read_regular_file(): a folder, a
// FIFO, a device or a link where a file is expected, or a file larger than its
// kind allows, is an error naming the path, never a hang, an endless read or
// an exception.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace hal {

// What a file is, for messages ("batch file"), and the most it may hold.
struct FileKind {
  std::string_view what;
  std::uint64_t max_bytes;
};

inline constexpr std::uint64_t kMiB = 1024 * 1024;

// One cap per kind of outside file (the README lists them).
inline constexpr FileKind kConfigFile{"configuration file", 1 * kMiB};
inline constexpr FileKind kEnrollmentFile{"enrollment file", 1 * kMiB};
inline constexpr FileKind kDossierFile{"dossier file", 1 * kMiB};
inline constexpr FileKind kFaceImageFile{"face image", 16 * kMiB};
inline constexpr FileKind kFingerprintFile{"fingerprint file", 256 * kMiB};
inline constexpr FileKind kCertificateFile{"certificate file", 4 * kMiB};
inline constexpr FileKind kMediaIndexFile{"media index", 16 * kMiB};
// [sync] max_batch_mb allows 1024 MiB of dossiers; the envelope adds little.
inline constexpr FileKind kBatchFile{"batch file", 1040 * kMiB};
inline constexpr FileKind kReceiptFile{"receipt", 1 * kMiB};
// The card journal's log and image in `card personalize --state-dir`: a
// folder named on the command line, so its files get the same checks.
inline constexpr FileKind kJournalFile{"card journal file", 64 * kMiB};

// The bytes of `path`, which must be a regular file and not a symbolic link
// (O_NOFOLLOW: a link planted on a stick must not lead the station to a file
// elsewhere). Errors: kNotFound (no such file), kPermissionDenied,
// kInvalidArgument (a folder, FIFO, device, socket, link, or over
// kind.max_bytes; the message names the path and which), kIo.
Result<Bytes> read_regular_file(const std::filesystem::path& path, const FileKind& kind);

// The same, as text.
Result<std::string> read_regular_text_file(const std::filesystem::path& path, const FileKind& kind);

// The one mapping of an errno from storage to an Error: ENOSPC, EDQUOT and
// EFBIG are kNoSpace ("the disk is full"), EACCES, EPERM and EROFS
// kPermissionDenied, ENOENT kNotFound, anything else kIo. `doing` says what
// was being done to what ("writing /media/x/INDEX.cms").
Error storage_error(int error_number, const std::string& doing);

// ENOSPC, EDQUOT or EFBIG: the errnos storage_error() calls a full disk.
bool is_disk_full(int error_number);

// The sentence every full-disk error carries, whatever layer found it.
inline constexpr std::string_view kDiskFull = "the disk is full";

// Replaces `path` with `bytes` so a reader, a crash or a pulled medium sees
// the old file or the whole new one: a fresh temporary beside it (O_EXCL |
// O_NOFOLLOW, so a planted link or file of the same name is never written
// through), fsync, rename over `path`, fsync of the folder. The temporary is
// removed on failure and `path` is left as it was. Errors: those of
// storage_error(). Past the file size limit (RLIMIT_FSIZE) the write fails
// with EFBIG only if the program ignores SIGXFSZ, which its main() decides.
Status write_file_atomically(const std::filesystem::path& path, ByteView bytes, unsigned mode = 0600);

}  // namespace hal
