// Uploads batch files to the registry over HTTPS (libcurl): TLS 1.3 only,
// mutual authentication with the station's certificate, the registry's CA
// pinned as the only trust anchor. Resumable and idempotent: the client asks
// the registry how much of batch <id> it holds (HEAD, Upload-Offset) and
// sends the rest in PATCH chunks; a complete batch answers with its receipt,
// the same one every time. Transient failures (network, 5xx, stalls) are
// retried with exponential backoff and full jitter. README.md has the
// protocol.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "hal/bytes.hpp"
#include "hal/clock.hpp"
#include "hal/result.hpp"
#include "hal/secret_string.hpp"

namespace station::sync {

struct RegistryEndpoint {
  std::string url;                 // "https://127.0.0.1:8443" (no trailing slash)
  std::string ca_file;             // PEM: the registry CA, the only anchor trusted
  std::string client_certificate;  // PEM file of the station's TLS certificate
  // PEM key file, or with key_engine "pkcs11" a PKCS#11 URI
  // ("pkcs11:token=station;object=station-tls;type=private") that OpenSSL's
  // pkcs11 engine (libengine-pkcs11-openssl) opens inside the token.
  // Never with pin-value: the engine gets the token PIN as `key_pin`.
  std::string client_key;
  std::string key_engine;
  std::shared_ptr<const hal::SecretString> key_pin{};  // the token PIN, for key_engine "pkcs11"
  // PEM: the registry CA's revocation list ("" none); a registry TLS
  // certificate it lists is refused, naming the list.
  std::string crl_file{};
};

struct UploadPolicy {
  std::size_t chunk_bytes = 4u << 20;         // bytes per PATCH
  std::int64_t max_bytes_per_second = 0;      // 0: no limit (CURLOPT_MAX_SEND_SPEED_LARGE)
  int max_attempts = 8;                       // failed requests per upload before giving up
  std::chrono::milliseconds first_backoff{500};
  std::chrono::milliseconds max_backoff{60'000};
  std::chrono::seconds stall_timeout{30};     // under 1 byte/s for this long (libcurl's 5 s average) is a stall
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds max_clock_skew{300};   // station clock vs the registry's Date; 0: not checked
};

// Begins the message of the error for a station clock too far from the
// registry's (kFailedPrecondition), so the officer is told to set the clock.
inline constexpr const char* kClockSkewPrefix = "the station's clock is";

struct UploadReport {
  std::uint64_t bytes_sent = 0;     // request body bytes handed to the connection
  std::uint64_t bytes_resent = 0;   // of those, bytes the registry already had or lost
  std::uint64_t start_offset = 0;   // what the registry held when this upload began
  int requests = 0;
  int failures = 0;                 // transient failures retried
  std::chrono::milliseconds waited{0};  // total backoff
  std::string last_error;
};

// Called with (bytes the registry holds, total) after each chunk.
using UploadProgress = std::function<void(std::uint64_t, std::uint64_t)>;

class Uploader {
 public:
  // `seed` drives the jitter (tests fix it). kInvalidArgument for a missing
  // URL, CA or client certificate.
  static hal::Result<std::unique_ptr<Uploader>> create(RegistryEndpoint endpoint, UploadPolicy policy,
                                                       hal::Clock& clock, std::uint64_t seed);
  ~Uploader();
  Uploader(const Uploader&) = delete;
  Uploader& operator=(const Uploader&) = delete;

  // Uploads batch `batch_id` (`file`, whose SHA-256 is `hash`) and returns
  // the registry's receipt, not yet verified. Errors: kUnavailable (registry
  // unreachable after max_attempts), kTimeout (stalled every time),
  // kPermissionDenied (this station's certificate has expired by its clock,
  // checked before connecting; the registry refused this station's certificate or
  // the station refused the registry's), kAlreadyExists (the registry holds
  // another batch under this id), kFailedPrecondition (the registry rejected
  // the batch, the message carries its reason; or the station's clock is
  // more than max_clock_skew from the registry's Date, kClockSkewPrefix).
  hal::Result<hal::Bytes> upload(const std::string& batch_id, hal::ByteView file, hal::ByteView hash,
                                 const UploadProgress& progress, UploadReport* report);

  // GET of a registry path ("/v1/stations/X"), the body as text.
  hal::Result<std::string> get_text(const std::string& path);

  class Impl;

 private:
  explicit Uploader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace station::sync
