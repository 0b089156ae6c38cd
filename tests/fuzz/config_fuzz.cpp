// The configuration loader takes a file from whoever installs the station:
// any text must give a Config or an error naming what is wrong, never a
// crash, an exception or a value outside its documented range.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "station/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = station::parse_config(text, "fuzz.toml");
  if (!config) {
    if (config.error().message.empty()) std::abort();
    return 0;
  }
  const auto& o = config->officers;
  // The ranges that keep durations inside int64 nanoseconds (station.toml).
  if (o.idle_lock_s < 1 || o.idle_lock_s > 86400 || o.lockout_minutes < 1 || o.lockout_minutes > 10080 ||
      o.finger_timeout_s < 1 || o.finger_timeout_s > 600 || config->store.audit_sign_every < 0 ||
      config->store.audit_sign_every > 100000)
    std::abort();
  return 0;
}
