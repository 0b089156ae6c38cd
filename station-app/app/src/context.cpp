#include "context.hpp"

namespace station {

hal::Status Context::load() {
  if (options_.config_path.empty()) {
    config_ = default_config();
    return {};
  }
  auto loaded = load_config(options_.config_path);
  if (!loaded) return loaded.error();
  config_ = std::move(loaded).value();
  return {};
}

DeviceSet& Context::devices() {
  if (!devices_) devices_ = std::make_unique<DeviceSet>(config_);
  return *devices_;
}

void Context::finish(const hal::Status& status) {
  if (status.ok()) {
    exit_code_ = kExitOk;
    return;
  }
  out_.failure(status.error());
  exit_code_ = exit_code_for(status.error().code);
}

}  // namespace station
