// A thin RAII layer over SQLite's C API: a connection, prepared statements
// and an IMMEDIATE transaction that rolls back unless committed. Every error
// becomes a hal::Error saying what was being done, on which file, and what a
// person can do about it. Shared by the station's databases (the dossier
// store, the officer registry); each names itself and its repair in errors.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::sqlite {

class Database;

// How a database is named in its errors: what it is ("the dossier store")
// and what to do when it is damaged ("run `station store check` and ...").
struct Naming {
  std::string what = "the database";
  std::string when_damaged = "restore it from a backup";
};

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, hal::ByteView blob);
  Statement& bind_null(int index);

  // Runs to the next row: true when a row is there, false when done.
  hal::Result<bool> step();
  // Runs to completion, ignoring rows.
  hal::Status run();
  void reset();

  std::int64_t integer(int column) const;
  std::string text(int column) const;
  hal::Bytes blob(int column) const;
  bool is_null(int column) const;
  int columns() const { return sqlite3_column_count(statement_); }

 private:
  friend class Database;
  Statement(const Database& db, sqlite3_stmt* statement, std::string doing);

  const Database* db_;
  sqlite3_stmt* statement_;
  std::string doing_;
  int bind_error_ = SQLITE_OK;
};

class Database {
 public:
  // Opens (creating if needed) the database at `path` through VFS `vfs`
  // ("" = SQLite's default), waiting up to `busy_timeout` for locks.
  static hal::Result<Database> open(const std::filesystem::path& path, const std::string& vfs,
                                     std::chrono::milliseconds busy_timeout, Naming naming = {});
  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;
  ~Database();

  hal::Result<Statement> prepare(std::string_view sql, std::string_view doing) const;
  // Runs one or more statements that return no rows.
  hal::Status exec(const std::string& sql, std::string_view doing) const;
  // The first column of the first row of a one-value query.
  hal::Result<std::int64_t> query_integer(std::string_view sql, std::string_view doing) const;
  hal::Result<std::string> query_text(std::string_view sql, std::string_view doing) const;

  // The error for a failed SQLite call, in words.
  hal::Error error(int rc, std::string_view doing) const;
  bool in_transaction() const { return sqlite3_get_autocommit(handle_.get()) == 0; }

  // After an I/O error, frames of the failed transaction may sit in the WAL
  // (written, not flushed); a crash would replay them. A TRUNCATE checkpoint
  // empties the WAL so they cannot come back. False when that fails too: the
  // connection then refuses new transactions (see Transaction::begin).
  bool discard_unflushed() const;
  bool io_failed() const { return io_failed_; }
  bool unusable() const { return unusable_; }
  const std::filesystem::path& path() const { return path_; }
  sqlite3* handle() const { return handle_.get(); }

 private:
  struct Close {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  Database(sqlite3* handle, std::filesystem::path path, std::chrono::milliseconds busy_timeout, Naming naming);

  std::unique_ptr<sqlite3, Close> handle_;
  std::filesystem::path path_;
  std::chrono::milliseconds busy_timeout_;
  Naming naming_;
  mutable bool io_failed_ = false;
  mutable bool unusable_ = false;
};

// BEGIN IMMEDIATE: takes the write lock up front, so a transaction never
// fails half-way for want of it. Rolls back when dropped uncommitted.
class Transaction {
 public:
  static hal::Result<Transaction> begin(const Database& db, std::string_view doing);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  hal::Status commit();

 private:
  Transaction(const Database& db, std::string doing) : db_(&db), doing_(std::move(doing)) {}
  void rollback();

  const Database* db_;
  std::string doing_;
  bool open_ = true;
};

}  // namespace station::sqlite
