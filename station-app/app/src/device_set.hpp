// The devices the configuration names, opened on first use. This is the one
// place in station-app that knows which driver backs which HAL interface.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hal/card_terminal.hpp"
#include "hal/clock.hpp"
#include "hal/finger_sensor.hpp"
#include "hal/key_store.hpp"
#include "hal/secret_string.hpp"
#include "hal/rolled_scanner.hpp"
#include "hal/scanner_updater.hpp"
#include "station/biometrics/synthetic_hand.hpp"
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
  std::string serial;
  std::string firmware;  // "major.minor" the device reports (bcdDevice)
  bool dfu_mode = false; // the bootloader waits for an update
};

class DeviceSet {
 public:
  explicit DeviceSet(const Config& config);
  ~DeviceSet();

  hal::CardTerminal& card_terminal();
  // The wall and monotonic clocks (the system's).
  const hal::Clock& clock() const { return *clock_; }
  // The same clocks for those that wait on them (backoff, retries).
  hal::Clock& clock() { return *clock_; }

  // The configured key store, logged in with the PIN from [keys] pin_env.
  // Errors: kUnavailable (token or module missing), kWrongPin, kPinLocked,
  // kInvalidArgument (PIN variable unset).
  hal::Result<hal::KeyStore*> key_store();

  // The token PIN, taken from the environment variable [keys] pin_env when
  // the set is made; the variable is then wiped and removed, so that no child
  // process inherits it and /proc/PID/environ no longer shows it. Null when
  // it was not set. It travels to the token's log-in and to OpenSSL's pkcs11
  // engine as a password, never inside a PKCS#11 URI.
  std::shared_ptr<const hal::SecretString> token_pin() const { return token_pin_; }

  // Tokens visible through the configured PKCS#11 module (needs no PIN).
  hal::Result<std::vector<TokenSummary>> tokens();
  hal::Result<std::vector<ScannerSummary>> rolled_scanners();
  hal::Result<std::vector<hal::SensorInfo>> finger_sensors();

  // The officer's fingerprint sensor ([officers] sensor), opened on first
  // use; `enroll_progress` is told of each accepted touch of an enrollment.
  // Errors: those of drivers::FprintSensor::open().
  hal::Result<hal::FingerSensor*> finger_sensor(std::function<void(int, int)> enroll_progress = {});

  // The rolled-print scanner, opened. Until the USB scanner has a backend
  // this is the synthetic one, streaming what synthetic_hand() shows at [capture] frame_rate
  // frames per second. Errors: those of RolledScanner::open().
  hal::Result<hal::RolledScanner*> rolled_scanner();
  // The rolled scanner's firmware (boot status, DFU download) over USB,
  // for `station firmware status|flash`.
  hal::ScannerUpdater& scanner_updater();
  // The synthetic citizen on the synthetic scanner's platen; assign a new
  // hand to change the person.
  biometrics::SyntheticHand& synthetic_hand() { return *synthetic_hand_; }
  // The synthetic scanner, once opened, waits for each frame to be taken
  // (at its frame rate still) instead of dropping those the station missed.
  void pace_synthetic_scanner_in_lockstep() { lockstep_ = true; }

 private:
  Config config_;
  std::shared_ptr<const hal::SecretString> token_pin_;
  std::unique_ptr<hal::CardTerminal> card_terminal_;
  std::unique_ptr<hal::KeyStore> key_store_;
  std::unique_ptr<hal::Clock> clock_;
  std::unique_ptr<biometrics::SyntheticHand> synthetic_hand_;
  std::unique_ptr<hal::RolledScanner> rolled_scanner_;
  std::unique_ptr<hal::ScannerUpdater> scanner_updater_;
  std::unique_ptr<hal::FingerSensor> finger_sensor_;
  bool lockstep_ = false;
};

}  // namespace station
