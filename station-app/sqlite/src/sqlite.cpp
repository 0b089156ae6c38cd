#include "station/sqlite/sqlite.hpp"

#include "hal/files.hpp"

namespace station::sqlite {

namespace {

using hal::ErrorCode;

std::string what_sqlite_said(sqlite3* db, int rc) {
  std::string said = sqlite3_errstr(rc);
  const char* message = db ? sqlite3_errmsg(db) : nullptr;
  if (message && said != message) said += ": " + std::string(message);
  return said;
}

}  // namespace

hal::Error Database::error(int rc, std::string_view doing) const {
  std::string file = "'" + path_.string() + "'";
  std::string head = std::string(doing) + ": ";
  std::string said = what_sqlite_said(handle_.get(), rc);
  // SQLite reports some full disks as an I/O error (a WAL write, a truncate).
  const bool full = (rc & 0xff) == SQLITE_FULL ||
                    ((rc & 0xff) == SQLITE_IOERR && handle_ && hal::is_disk_full(sqlite3_system_errno(handle_.get())));
  if (full) {
    return hal::make_error(ErrorCode::kNoSpace, head + std::string(hal::kDiskFull) + " (it holds " + file +
                                                    "), so nothing was saved; free space or send pending "
                                                    "batches, then try again");
  }
  switch (rc & 0xff) {
    case SQLITE_IOERR:
      io_failed_ = true;
      return hal::make_error(ErrorCode::kIo, head + "the storage holding " + file + " failed (" + said +
                                                 "); the change was not saved; check the disk before going on");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return hal::make_error(ErrorCode::kBusy, head + "the database " + file + " stayed locked by another program for " +
                                                   std::to_string(busy_timeout_.count()) +
                                                   " ms; nothing was changed; try again, or close the other program");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return hal::make_error(ErrorCode::kCorrupt, head + "the database " + file + " is damaged (" + said +
                                                      "); " + naming_.when_damaged);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return hal::make_error(ErrorCode::kPermissionDenied,
                             head + "the database " + file + " may not be written (" + said + "); check its permissions");
    case SQLITE_CANTOPEN:
      return hal::make_error(ErrorCode::kUnavailable, head + "cannot open " + file + " (" + said +
                                                          "); check that its folder exists and is writable");
    case SQLITE_CONSTRAINT:
      return hal::make_error(ErrorCode::kFailedPrecondition, head + said);
    default:
      return hal::make_error(ErrorCode::kInternal, head + "SQLite failed on " + file + ": " + said);
  }
}

Database::Database(sqlite3* handle, std::filesystem::path path, std::chrono::milliseconds busy_timeout, Naming naming)
    : handle_(handle), path_(std::move(path)), busy_timeout_(busy_timeout), naming_(std::move(naming)) {}

Database::~Database() = default;

hal::Result<Database> Database::open(const std::filesystem::path& path, const std::string& vfs,
                                     std::chrono::milliseconds busy_timeout, Naming naming) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, vfs.empty() ? nullptr : vfs.c_str());
  std::string doing = "opening " + naming.what;
  Database db(raw, path, busy_timeout, std::move(naming));
  if (rc != SQLITE_OK) return db.error(rc, doing);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout.count()));
  return db;
}

hal::Result<Statement> Database::prepare(std::string_view sql, std::string_view doing) const {
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(handle_.get(), sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(statement);
    return error(rc, doing);
  }
  return Statement(*this, statement, std::string(doing));
}

hal::Status Database::exec(const std::string& sql, std::string_view doing) const {
  int rc = sqlite3_exec(handle_.get(), sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return error(rc, doing);
  return {};
}

hal::Result<std::int64_t> Database::query_integer(std::string_view sql, std::string_view doing) const {
  auto statement = prepare(sql, doing);
  if (!statement) return statement.error();
  auto row = statement->step();
  if (!row) return row.error();
  if (!*row) return hal::make_error(ErrorCode::kInternal, std::string(doing) + ": the query returned no row");
  return statement->integer(0);
}

hal::Result<std::string> Database::query_text(std::string_view sql, std::string_view doing) const {
  auto statement = prepare(sql, doing);
  if (!statement) return statement.error();
  auto row = statement->step();
  if (!row) return row.error();
  if (!*row) return hal::make_error(ErrorCode::kInternal, std::string(doing) + ": the query returned no row");
  return statement->text(0);
}

Statement::Statement(const Database& db, sqlite3_stmt* statement, std::string doing)
    : db_(&db), statement_(statement), doing_(std::move(doing)) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), statement_(other.statement_), doing_(std::move(other.doing_)), bind_error_(other.bind_error_) {
  other.statement_ = nullptr;
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(statement_, index, value);
  if (bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  int rc = sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::bind(int index, hal::ByteView blob) {
  // A zero-length blob still binds as a blob, not as NULL.
  static const std::uint8_t kEmpty = 0;
  const void* data = blob.empty() ? &kEmpty : blob.data();
  int rc = sqlite3_bind_blob64(statement_, index, data, blob.size(), SQLITE_TRANSIENT);
  if (bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(statement_, index);
  if (bind_error_ == SQLITE_OK) bind_error_ = rc;
  return *this;
}

hal::Result<bool> Statement::step() {
  if (bind_error_ != SQLITE_OK) return db_->error(bind_error_, doing_);
  int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->error(rc, doing_);
}

hal::Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  bind_error_ = SQLITE_OK;
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_, column); }

std::string Statement::text(int column) const {
  const auto* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

hal::Bytes Statement::blob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement_, column));
  if (data == nullptr) return {};
  return hal::Bytes(data, data + sqlite3_column_bytes(statement_, column));
}

bool Statement::is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

bool Database::discard_unflushed() const {
  int log_frames = -1;
  int checkpointed = -1;
  int rc = sqlite3_wal_checkpoint_v2(handle_.get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log_frames, &checkpointed);
  if (rc == SQLITE_OK) {
    io_failed_ = false;
    return true;
  }
  unusable_ = true;
  return false;
}

hal::Result<Transaction> Transaction::begin(const Database& db, std::string_view doing) {
  if (db.unusable()) {
    return hal::make_error(hal::ErrorCode::kIo,
                           std::string(doing) + ": an earlier write to '" + db.path().string() +
                               "' failed and could not be undone on the disk, so no further change is made; check the "
                               "disk and restart the station");
  }
  HAL_TRY(db.exec("BEGIN IMMEDIATE", doing));
  return Transaction(db, std::string(doing));
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), doing_(std::move(other.doing_)), open_(other.open_) {
  other.open_ = false;
}

Transaction::~Transaction() {
  if (open_) rollback();
}

hal::Status Transaction::commit() {
  auto status = db_->exec("COMMIT", doing_);
  if (!status.ok()) {
    // SQLite may keep the transaction open after a failed COMMIT (e.g. busy);
    // roll it back so the caller's view and the file agree: nothing happened.
    rollback();
    if (db_->unusable()) {
      return hal::make_error(status.error().code,
                             doing_ + ": the storage holding '" + db_->path().string() +
                                 "' failed while saving and again while undoing, so the change may or may not be on "
                                 "the disk, and the store refuses further changes until the station is restarted; "
                                 "check the disk");
    }
    return status;
  }
  open_ = false;
  return {};
}

void Transaction::rollback() {
  open_ = false;
  if (db_->in_transaction()) sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  if (db_->io_failed()) db_->discard_unflushed();
}

}  // namespace station::sqlite
