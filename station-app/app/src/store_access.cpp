#include "store_access.hpp"

#include <unistd.h>

#include <cstdlib>
#include <optional>

#include "station/store/writer_lock.hpp"

namespace station {

namespace {
constexpr std::uint64_t kMiB = 1 << 20;

// Held from the opening of the store to the end of the command.
std::optional<store::WriterLock>& held_lock() {
  static std::optional<store::WriterLock> lock;
  return lock;
}
}  // namespace

hal::Status hold_store_lock(const Config& config) {
  if (held_lock()) return {};
  auto lock = store::WriterLock::take(store_database_path(config.store));
  if (!lock) return lock.error();
  held_lock().emplace(std::move(*lock));
  return {};
}

void release_store_lock() { held_lock().reset(); }

hal::Result<std::unique_ptr<store::Store>> open_store(Context& context, bool with_keys) {
  const Config& config = context.config();
  store::StoreOptions options;
  options.path = store_database_path(config.store);
  options.station_id = config.store.station_id;
  options.wrap_key = config.store.wrap_key;
  options.sign_key = config.keys.station_key;
  options.audit_sign_every = static_cast<int>(config.store.audit_sign_every);
  options.min_free_bytes = static_cast<std::uint64_t>(config.store.min_free_mb) * kMiB;
  hal::KeyStore* keys = nullptr;
  if (with_keys) {
    auto opened = context.devices().key_store();
    if (!opened) return opened.error();
    keys = *opened;
  }
  // Taken before the store opens: opening may migrate the schema, which
  // must not run beside another station command.
  HAL_TRY(hold_store_lock(config));
  auto opened = store::Store::open(options, keys, context.devices().clock());
  if (!opened) return opened.error();
  return opened;
}

std::string command_line_user() {
  const char* user = std::getenv("USER");
  return "cli:" + (user && *user ? std::string(user) : "uid " + std::to_string(::getuid()));
}

}  // namespace station
