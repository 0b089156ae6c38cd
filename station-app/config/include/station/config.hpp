// The station's configuration: one TOML file whose defaults run the demo on
// the virtual rig. Every key and its default is documented in
// station-app/config/station.toml, which load_config() accepts unchanged.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "hal/result.hpp"

namespace station {

struct CardConfig {
  std::string reader;                               // "" = the first reader that holds a card
  std::size_t max_apdu_data = 0;                    // 0 = probe the card; else bytes per APDU
  std::chrono::milliseconds transmit_timeout{5000};
  std::chrono::milliseconds wait_timeout{10000};    // how long to wait for a card
  std::chrono::hours journal_expiry{48};            // an unfinished card journal is deleted after this
  std::filesystem::path journal_dir = "/var/lib/station/card";  // the personalisation journal's folder
  std::size_t face_bytes = 16000;                   // the face's JPEG 2000 size, kept and put in DG2
};

enum class KeyBackend { kPkcs11, kFile };

struct KeysConfig {
  KeyBackend backend = KeyBackend::kPkcs11;
  std::string module = "/usr/lib/softhsm/libsofthsm2.so";
  std::string token = "station";
  std::string pin_env = "STATION_TOKEN_PIN";  // the PIN is read from this variable, never from the file
  std::filesystem::path key_dir;              // for the file backend
  std::string station_key = "station-ec";
};

struct StoreConfig {
  std::filesystem::path path;            // "" = the default, see store_database_path()
  std::string station_id = "station-dev";
  std::string wrap_key = "station-rsa";  // RSA key that wraps each dossier's data key
  std::int64_t audit_sign_every = 50;    // entries between signed audit heads (0: on demand only)
  std::int64_t min_free_mb = 64;         // refuse new enrollments below this much free disk
};

enum class ScannerBackend {
  kSynthetic,  // drivers/synthetic_scanner: the demo's and training's scanner
  kUsb,        // drivers/usbscan: the reference rolled scanner on USB
};

struct CaptureConfig {
  std::int64_t max_attempts = 3;   // rolls per finger before a supervisor must decide
  std::int64_t min_quality = 40;   // 0..100; a print below it is taken again
  double frame_rate = 40;          // synthetic scanner: frames per second
  ScannerBackend scanner = ScannerBackend::kSynthetic;
  std::string scanner_serial;      // usb: the scanner with this serial; "" = the first one attached
};

// Officer accounts and log-in (station-app/officers).
struct OfficersConfig {
  std::filesystem::path path;           // "" = officers.db beside the dossier store
  std::string sensor;                   // libfprint "driver:device" of the officer sensor; "" = the first
  std::int64_t max_failures = 5;        // failed log-ins before the lockout
  std::int64_t lockout_minutes = 15;
  std::int64_t idle_lock_s = 300;       // an unattended session locks after this long
  std::int64_t finger_timeout_s = 30;   // to put the finger on the sensor
  std::int64_t pin_hash_passes = 2;     // Argon2id cost (libsodium "interactive")
  std::int64_t pin_hash_memory_kib = 65536;
};

// Talking to the registry; see station.toml for what each file is.
struct SyncConfig {
  std::string registry_url;                 // "" = no network: hand batches over on media
  std::filesystem::path registry_ca;        // PEM: the only TLS anchor, and the anchor of receipts
  std::filesystem::path registry_certificate;  // PEM: batches are encrypted to it
  std::filesystem::path station_ca;         // PEM: a relay checks other stations' batches against it
  std::filesystem::path registry_crl;       // the registry CA's revocation list ("" = none)
  std::filesystem::path station_crl;        // the station CA's revocation list ("" = none)
  std::filesystem::path tls_certificate;    // PEM: this station's TLS client certificate
  std::string tls_key;                      // PEM file, or a "pkcs11:" URI of the key in the token
  std::string registry_agency = "NPD";      // 1.007 DAI of each registry record
  std::int64_t max_dossiers = 100;          // per batch
  std::int64_t max_batch_mb = 16;           // per batch
  std::int64_t retention_days = 7;          // biometrics kept after the receipt
  std::int64_t chunk_kb = 4096;             // bytes per upload request
  std::int64_t max_kbps = 0;                // upload bandwidth limit, kilobytes per second (0: none)
  std::int64_t max_attempts = 8;            // failed requests per batch before giving up for now
  std::int64_t stall_timeout_s = 30;        // no progress for this long is a stall
};

struct Config {
  std::filesystem::path source;  // the file read, empty when only defaults apply
  CardConfig card;
  KeysConfig keys;
  StoreConfig store;
  CaptureConfig capture;
  SyncConfig sync;
  OfficersConfig officers;
};

// [officers] path, or else officers.db in the store's folder.
std::filesystem::path officers_database_path(const Config& config);

// [store] path, or else $STATION_DATA_DIR/station.db, or else
// station-data/station.db under the current directory (the demo's default:
// it needs no root and no setup).
std::filesystem::path store_database_path(const StoreConfig& store);

// Reads `path` (hal::read_regular_file, hal::kConfigFile: a regular file,
// not a link, at most 1 MiB); a missing key keeps its default. Errors:
// kNotFound (no such file), kInvalidArgument (not a regular file, too large,
// TOML syntax, an unknown key, a value of the wrong type, or a number outside
// the range station.toml documents, naming the key, the value and the range).
hal::Result<Config> load_config(const std::filesystem::path& path);

// What load_config() does with the file's text; `path` names it in messages.
hal::Result<Config> parse_config(std::string_view text, const std::filesystem::path& path);

// The defaults alone.
Config default_config();

}  // namespace station
