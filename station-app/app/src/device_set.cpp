#include "device_set.hpp"

#include <string.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "drivers/fprint_devices.hpp"
#include "drivers/fprint_sensor.hpp"
#include "drivers/key_store_factory.hpp"
#include "drivers/pcsc_card_terminal.hpp"
#include "drivers/pkcs11_tokens.hpp"
#include "drivers/synthetic_scanner.hpp"
#include "drivers/system_clock.hpp"
#include "drivers/usb_rolled_scanner.hpp"
#include "drivers/usb_scanner_updater.hpp"
#include "drivers/usb_scanners.hpp"

namespace station {

namespace {

// Moves the PIN out of the environment: copied into a SecretString, then its
// characters overwritten in place (the kernel's view of the environment is
// that same memory) and the variable removed.
std::shared_ptr<const hal::SecretString> take_pin_from(const std::string& variable) {
  char* value = std::getenv(variable.c_str());
  if (value == nullptr) return nullptr;
  auto pin = std::make_shared<const hal::SecretString>(value);
  explicit_bzero(value, std::strlen(value));
  ::unsetenv(variable.c_str());
  return pin;
}

}  // namespace

DeviceSet::DeviceSet(const Config& config)
    : config_(config),
      token_pin_(config.keys.backend == KeyBackend::kPkcs11 ? take_pin_from(config.keys.pin_env) : nullptr),
      clock_(std::make_unique<drivers::SystemClock>()),
      synthetic_hand_(std::make_unique<biometrics::SyntheticHand>(1)) {}
DeviceSet::~DeviceSet() = default;

hal::CardTerminal& DeviceSet::card_terminal() {
  if (!card_terminal_) {
    drivers::PcscOptions options;
    options.max_apdu_data = config_.card.max_apdu_data;
    options.transmit_timeout = config_.card.transmit_timeout;
    card_terminal_ = std::make_unique<drivers::PcscCardTerminal>(options);
  }
  return *card_terminal_;
}

namespace {

hal::Result<std::unique_ptr<hal::KeyStore>> open_key_store(const KeysConfig& keys, const hal::SecretString* pin) {
  if (keys.backend == KeyBackend::kFile) return drivers::keys::open_key_files({keys.key_dir});
  if (!pin) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "the token PIN is read from the environment variable " + keys.pin_env + ", which is not set");
  }
  return drivers::keys::open_pkcs11_token({keys.module, keys.token, pin->reveal()});
}

}  // namespace

hal::Result<hal::KeyStore*> DeviceSet::key_store() {
  if (!key_store_) {
    auto opened = open_key_store(config_.keys, token_pin_.get());
    if (!opened) return opened.error();
    key_store_ = std::move(opened).value();
  }
  return key_store_.get();
}

hal::Result<std::vector<TokenSummary>> DeviceSet::tokens() {
  if (config_.keys.backend == KeyBackend::kFile) {
    TokenSummary files{"key files in " + config_.keys.key_dir.string(), "development", "files", true, {}};
    auto store = key_store();
    if (!store) return store.error();
    auto keys = (*store)->list_keys();
    if (!keys) return keys.error();
    files.keys = std::move(keys).value();
    return std::vector<TokenSummary>{files};
  }
  auto slots = drivers::keys::list_tokens(config_.keys.module);
  if (!slots) return slots.error();
  std::vector<TokenSummary> out;
  for (const auto& slot : *slots) {
    if (!slot.token_present) continue;
    TokenSummary summary{slot.label, slot.manufacturer, slot.model, slot.initialized, {}};
    if (slot.label == config_.keys.token && token_pin_) {
      auto store = key_store();
      if (store) {
        auto keys = (*store)->list_keys();
        if (keys) summary.keys = std::move(keys).value();
      }
    }
    out.push_back(std::move(summary));
  }
  return out;
}

hal::Result<std::vector<ScannerSummary>> DeviceSet::rolled_scanners() {
  auto found = drivers::list_usb_scanners();
  if (!found) return found.error();
  std::vector<ScannerSummary> out;
  for (const auto& s : *found) out.push_back({s.id, "usb", s.serial, s.firmware, s.dfu_mode});
  return out;
}

hal::ScannerUpdater& DeviceSet::scanner_updater() {
  if (!scanner_updater_) scanner_updater_ = std::make_unique<drivers::UsbScannerUpdater>();
  return *scanner_updater_;
}

hal::Result<std::vector<hal::SensorInfo>> DeviceSet::finger_sensors() { return drivers::list_fprint_sensors(); }

namespace {

// The synthetic scanner draws what the synthetic hand shows.
class HandOnPlaten final : public drivers::PlatenSource {
 public:
  explicit HandOnPlaten(biometrics::SyntheticHand& hand) : hand_(hand) {}
  void begin_session() override { hand_.begin_session(); }
  void draw(std::uint32_t index, std::span<std::uint8_t> pixels) override { hand_.draw(index, pixels); }

 private:
  biometrics::SyntheticHand& hand_;
};

}  // namespace

hal::Result<hal::RolledScanner*> DeviceSet::rolled_scanner() {
  if (!rolled_scanner_ && config_.capture.scanner == ScannerBackend::kUsb) {
    drivers::UsbRolledScannerOptions options;
    options.serial = config_.capture.scanner_serial;
    auto scanner = std::make_unique<drivers::UsbRolledScanner>(options);
    HAL_TRY(scanner->open());
    rolled_scanner_ = std::move(scanner);
  }
  if (!rolled_scanner_) {
    drivers::SyntheticScannerOptions options;
    options.width = synthetic_hand_->width();
    options.height = synthetic_hand_->height();
    options.frame_rate = config_.capture.frame_rate;
    options.lockstep = lockstep_;
    auto scanner = std::make_unique<drivers::SyntheticScanner>(options, *clock_, std::make_unique<HandOnPlaten>(*synthetic_hand_));
    HAL_TRY(scanner->open());
    rolled_scanner_ = std::move(scanner);
  }
  return rolled_scanner_.get();
}

}  // namespace station

namespace station {

hal::Result<hal::FingerSensor*> DeviceSet::finger_sensor(std::function<void(int, int)> enroll_progress) {
  if (!finger_sensor_) {
    drivers::FprintOptions options;
    options.device = config_.officers.sensor;
    options.enroll_progress = std::move(enroll_progress);
    auto sensor = drivers::FprintSensor::open(std::move(options));
    if (!sensor) return sensor.error();
    finger_sensor_ = std::move(sensor).value();
  }
  return finger_sensor_.get();
}

}  // namespace station
