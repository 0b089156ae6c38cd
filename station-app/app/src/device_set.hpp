// The devices the configuration names, opened on first use. This is the one
// place in station-app that knows which driver backs which HAL interface.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hal/card_terminal.hpp"
#include "hal/finger_sensor.hpp"
#include "hal/key_store.hpp"
#include "station/config.hpp"

namespace station {

struct TokenSummary {
  std::string label;
  std::string manufacturer;
  std::string model;
  bool initialized = false;
  // Filled for the configured token when its PIN is available.
  std::vector<hal::KeyInfo> keys;
};

struct ScannerSummary {
  std::string id;
  std::string kind;  // "usb"
};

class DeviceSet {
 public:
  explicit DeviceSet(const Config& config);
  ~DeviceSet();

  hal::CardTerminal& card_terminal();

  // The configured key store, logged in with the PIN from [keys] pin_env.
  // Errors: kUnavailable (token or module missing), kWrongPin, kPinLocked,
  // kInvalidArgument (PIN variable unset).
  hal::Result<hal::KeyStore*> key_store();

  // Tokens visible through the configured PKCS#11 module (needs no PIN).
  hal::Result<std::vector<TokenSummary>> tokens();
  hal::Result<std::vector<ScannerSummary>> rolled_scanners();
  hal::Result<std::vector<hal::SensorInfo>> finger_sensors();

 private:
  Config config_;
  std::unique_ptr<hal::CardTerminal> card_terminal_;
  std::unique_ptr<hal::KeyStore> key_store_;
};

}  // namespace station
