#include "station/sqlite/migrate.hpp"

#include <string>

namespace station::sqlite {

hal::Status migrate(const Database& db, std::span<const std::string_view> scripts, std::string_view what) {
  const std::string reading = "reading the schema version of " + std::string(what);
  auto tx = Transaction::begin(db, reading);
  if (!tx) return tx.error();
  auto version = db.query_integer("PRAGMA user_version", reading);
  if (!version) return version.error();
  const auto newest = static_cast<std::int64_t>(scripts.size());
  if (*version > newest) {
    return hal::make_error(hal::ErrorCode::kUnsupported,
                           std::string(what) + " '" + db.path().string() + "' has schema version " +
                               std::to_string(*version) + ", newer than this station software understands (" +
                               std::to_string(newest) + "); update the software, do not open it with an older one");
  }
  for (std::int64_t next = *version + 1; next <= newest; ++next) {
    std::string doing = "migrating " + std::string(what) + " from schema version " + std::to_string(next - 1) + " to " +
                        std::to_string(next);
    auto migrated = db.exec(std::string(scripts[static_cast<std::size_t>(next - 1)]), doing);
    if (migrated.ok()) continue;
    if (migrated.error().code != hal::ErrorCode::kInternal) return migrated.error();
    // The script met a database that is not the shape its version claims.
    return hal::make_error(hal::ErrorCode::kCorrupt, migrated.error().message + "; the database is not what schema version " +
                                                         std::to_string(*version) + " should be, and was left at that version");
  }
  return tx->commit();
}

}  // namespace station::sqlite
