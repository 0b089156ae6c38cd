#include "fault_vfs.hpp"

#include <sqlite3.h>

#include "write_log.hpp"

#include <algorithm>
#include <atomic>
#include <limits>
#include <cstring>
#include <mutex>

namespace store_test {

namespace {

struct Plan {
  bool armed = false;
  FaultVfs::Call call = FaultVfs::Call::kWrite;
  int code = SQLITE_IOERR;
  std::string suffix;
  int times = -1;
  int skip = 0;
  int injected = 0;
};

Plan& plan() {
  static Plan p;
  return p;
}

sqlite3_vfs* real_vfs = nullptr;

// Our file: the wrapped file's memory follows it in the same allocation.
struct FaultFile {
  sqlite3_file base;
  char name[512];
  bool logged;  // a file whose changes a power cut can lose (record_writes)
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

FaultFile* self(sqlite3_file* file) { return reinterpret_cast<FaultFile*>(file); }

bool ends_with(const char* name, const std::string& suffix) {
  std::size_t length = std::strlen(name);
  return length >= suffix.size() && std::memcmp(name + length - suffix.size(), suffix.data(), suffix.size()) == 0;
}

// Whether this call fails, and with which code.
int fault_for(sqlite3_file* file, FaultVfs::Call call) {
  Plan& p = plan();
  if (!p.armed || p.call != call || !ends_with(self(file)->name, p.suffix)) return SQLITE_OK;
  if (p.times >= 0 && p.injected >= p.times) return SQLITE_OK;
  if (p.skip > 0) {
    --p.skip;
    return SQLITE_OK;
  }
  ++p.injected;
  return p.code;
}

int x_close(sqlite3_file* f) { return self(f)->real()->pMethods->xClose(self(f)->real()); }
int x_read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
  if (int rc = fault_for(f, FaultVfs::Call::kRead)) return rc;
  return self(f)->real()->pMethods->xRead(self(f)->real(), buffer, amount, offset);
}
// Appends to the write log the bytes of [offset, end) that exist now, before
// a write or truncate replaces them.
int log_change(sqlite3_file* f, write_log::Kind kind, sqlite3_int64 offset, sqlite3_int64 length,
               sqlite3_int64 end) {
  if (!self(f)->logged) return SQLITE_OK;
  write_log::Record record{kind, self(f)->name, offset, length, 0, {}};
  sqlite3_file* real = self(f)->real();
  sqlite3_int64 size = 0;
  if (int rc = real->pMethods->xFileSize(real, &size)) return rc;
  record.old_size = size;
  sqlite3_int64 existing = std::max<sqlite3_int64>(0, std::min(end, size) - offset);
  record.old_bytes.resize(static_cast<std::size_t>(existing));
  if (existing > 0) {
    if (int rc = real->pMethods->xRead(real, record.old_bytes.data(), static_cast<int>(existing), offset)) return rc;
  }
  return write_log::append(record) ? SQLITE_OK : SQLITE_IOERR_WRITE;
}

// Appends a completed sync or delete: what came before it is on the disk.
void log_settled(const char* name, write_log::Kind kind) {
  if (write_log::started()) write_log::append({kind, name, 0, 0, 0, {}});
}

int x_write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
  if (int rc = fault_for(f, FaultVfs::Call::kWrite)) return rc;
  if (int rc = log_change(f, write_log::Kind::kWrite, offset, amount, offset + amount)) return rc;
  return self(f)->real()->pMethods->xWrite(self(f)->real(), buffer, amount, offset);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = log_change(f, write_log::Kind::kTruncate, size, 0, std::numeric_limits<sqlite3_int64>::max())) return rc;
  return self(f)->real()->pMethods->xTruncate(self(f)->real(), size);
}
int x_sync(sqlite3_file* f, int flags) {
  if (int rc = fault_for(f, FaultVfs::Call::kSync)) return rc;
  int rc = self(f)->real()->pMethods->xSync(self(f)->real(), flags);
  if (rc == SQLITE_OK && self(f)->logged) log_settled(self(f)->name, write_log::Kind::kSync);
  return rc;
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) { return self(f)->real()->pMethods->xFileSize(self(f)->real(), size); }
int x_lock(sqlite3_file* f, int level) { return self(f)->real()->pMethods->xLock(self(f)->real(), level); }
int x_unlock(sqlite3_file* f, int level) { return self(f)->real()->pMethods->xUnlock(self(f)->real(), level); }
int x_check_reserved(sqlite3_file* f, int* out) {
  return self(f)->real()->pMethods->xCheckReservedLock(self(f)->real(), out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
  return self(f)->real()->pMethods->xFileControl(self(f)->real(), op, arg);
}
int x_sector_size(sqlite3_file* f) { return self(f)->real()->pMethods->xSectorSize(self(f)->real()); }
int x_device(sqlite3_file* f) { return self(f)->real()->pMethods->xDeviceCharacteristics(self(f)->real()); }
int x_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return self(f)->real()->pMethods->xShmMap(self(f)->real(), page, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return self(f)->real()->pMethods->xShmLock(self(f)->real(), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) { self(f)->real()->pMethods->xShmBarrier(self(f)->real()); }
int x_shm_unmap(sqlite3_file* f, int delete_flag) {
  return self(f)->real()->pMethods->xShmUnmap(self(f)->real(), delete_flag);
}
int x_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  return self(f)->real()->pMethods->xFetch(self(f)->real(), offset, amount, out);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
  return self(f)->real()->pMethods->xUnfetch(self(f)->real(), offset, page);
}

const sqlite3_io_methods kMethods = {
    3,           x_close,     x_read,         x_write,   x_truncate,    x_sync,        x_file_size,
    x_lock,      x_unlock,    x_check_reserved, x_file_control, x_sector_size, x_device, x_shm_map,
    x_shm_lock,  x_shm_barrier, x_shm_unmap,  x_fetch,   x_unfetch,
};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  FaultFile* ours = self(file);
  std::memset(ours->name, 0, sizeof ours->name);
  if (name) std::strncpy(ours->name, name, sizeof ours->name - 1);
  constexpr int kDurable = SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL;
  ours->logged = name && write_log::started() && (flags & kDurable) != 0;
  int rc = real_vfs->xOpen(real_vfs, name, ours->real(), flags, out_flags);
  ours->base.pMethods = ours->real()->pMethods ? &kMethods : nullptr;
  return rc;
}

// The other VFS calls go straight to the real one.
int x_delete(sqlite3_vfs*, const char* name, int sync) {
  int rc = real_vfs->xDelete(real_vfs, name, sync);
  if (rc == SQLITE_OK) log_settled(name, write_log::Kind::kDelete);
  return rc;
}
int x_access(sqlite3_vfs*, const char* name, int flags, int* out) { return real_vfs->xAccess(real_vfs, name, flags, out); }
int x_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return real_vfs->xFullPathname(real_vfs, name, size, out);
}
void* x_dl_open(sqlite3_vfs*, const char* name) { return real_vfs->xDlOpen(real_vfs, name); }
void x_dl_error(sqlite3_vfs*, int size, char* out) { real_vfs->xDlError(real_vfs, size, out); }
void (*x_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) { return real_vfs->xDlSym(real_vfs, handle, symbol); }
void x_dl_close(sqlite3_vfs*, void* handle) { real_vfs->xDlClose(real_vfs, handle); }
int x_randomness(sqlite3_vfs*, int size, char* out) { return real_vfs->xRandomness(real_vfs, size, out); }
int x_sleep(sqlite3_vfs*, int micros) { return real_vfs->xSleep(real_vfs, micros); }
int x_current_time(sqlite3_vfs*, double* out) { return real_vfs->xCurrentTime(real_vfs, out); }
int x_last_error(sqlite3_vfs*, int size, char* out) { return real_vfs->xGetLastError(real_vfs, size, out); }
int x_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) { return real_vfs->xCurrentTimeInt64(real_vfs, out); }

sqlite3_vfs fault_vfs;

}  // namespace

FaultVfs& FaultVfs::install() {
  static FaultVfs instance;
  static std::once_flag once;
  std::call_once(once, [] {
    real_vfs = sqlite3_vfs_find(nullptr);
    fault_vfs = sqlite3_vfs{};
    fault_vfs.iVersion = 2;
    fault_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + real_vfs->szOsFile;
    fault_vfs.mxPathname = real_vfs->mxPathname;
    fault_vfs.zName = kName;
    fault_vfs.xOpen = x_open;
    fault_vfs.xDelete = x_delete;
    fault_vfs.xAccess = x_access;
    fault_vfs.xFullPathname = x_full_pathname;
    fault_vfs.xDlOpen = x_dl_open;
    fault_vfs.xDlError = x_dl_error;
    fault_vfs.xDlSym = x_dl_sym;
    fault_vfs.xDlClose = x_dl_close;
    fault_vfs.xRandomness = x_randomness;
    fault_vfs.xSleep = x_sleep;
    fault_vfs.xCurrentTime = x_current_time;
    fault_vfs.xGetLastError = x_last_error;
    fault_vfs.xCurrentTimeInt64 = x_current_time_int64;
    sqlite3_vfs_register(&fault_vfs, 0);
  });
  return instance;
}

void FaultVfs::arm(Call call, int code, const std::string& suffix, int times, int skip) {
  plan() = Plan{true, call, code, suffix, times, skip, 0};
}

void FaultVfs::record_writes(const std::filesystem::path& log) { write_log::start(log); }

void FaultVfs::clear() { plan().armed = false; }

int FaultVfs::injected() const { return plan().injected; }

}  // namespace store_test
