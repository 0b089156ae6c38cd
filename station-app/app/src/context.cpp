#include "context.hpp"

namespace station {

namespace {

hal::Result<Config> configuration(const std::string& path) {
  if (path.empty()) return default_config();
  return load_config(path);
}

}  // namespace

int Context::run() {
  out_ = std::make_unique<Output>(options_.json);
  auto loaded = configuration(options_.config_path);
  if (!loaded) {
    out_->failure(loaded.error());
    return kExitConfig;
  }
  config_ = std::move(loaded).value();
  if (!action_) return kExitOk;
  hal::Status status = action_();
  if (status.ok()) return kExitOk;
  out_->failure(status.error());
  return exit_code_for(status.error().code);
}

DeviceSet& Context::devices() {
  if (!devices_) {
    devices_ = std::make_unique<DeviceSet>(config_);
    if (on_devices_) on_devices_(*devices_);
  }
  return *devices_;
}

}  // namespace station
