#include "sync_setup.hpp"

#include <cstdlib>
#include <random>

#include "hal/files.hpp"
#include "store_access.hpp"

namespace station {

namespace {

bool has(SyncNeeds needs, SyncNeeds need) { return (static_cast<int>(needs) & static_cast<int>(need)) != 0; }

hal::Error unset(const std::string& key, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kFailedPrecondition, "[sync] " + key + " is not set in the configuration; " +
                                                                  "it is needed " + why);
}

hal::Result<std::vector<hal::Bytes>> certificates_in(const std::filesystem::path& path, const std::string& key) {
  auto bytes = hal::read_regular_file(path, hal::kCertificateFile);
  if (!bytes) return hal::make_error(bytes.error().code, "[sync] " + key + ": " + bytes.error().message);
  return sync::read_certificates(*bytes, "[sync] " + key + " (" + path.string() + ")");
}

// Empty when the key is unset and not needed.
hal::Result<std::vector<hal::Bytes>> optional_certificates(const std::filesystem::path& path, const std::string& key,
                                                           bool needed, const std::string& why) {
  if (path.empty()) {
    if (needed) return unset(key, why);
    return std::vector<hal::Bytes>{};
  }
  return certificates_in(path, key);
}

// The list at `path`, or none when the key is unset.
hal::Result<std::vector<sync::RevocationList>> optional_revocation_list(const std::filesystem::path& path,
                                                                       const std::string& key) {
  if (path.empty()) return std::vector<sync::RevocationList>{};
  auto bytes = hal::read_regular_file(path, sync::kRevocationListFile);
  if (!bytes) return hal::make_error(bytes.error().code, "[sync] " + key + ": " + bytes.error().message);
  auto list = sync::read_revocation_list(*bytes, path.string());
  if (!list) return hal::make_error(list.error().code, "[sync] " + key + ": " + list.error().message);
  return std::vector<sync::RevocationList>{std::move(*list)};
}

hal::Result<sync::SyncSettings> settings_from(const Config& config, SyncNeeds needs) {
  const SyncConfig& c = config.sync;
  sync::SyncSettings s;
  s.station_id = config.store.station_id;
  s.sign_key = config.keys.station_key;
  s.registry_agency = c.registry_agency;
  s.max_dossiers = static_cast<std::size_t>(c.max_dossiers);
  s.max_bytes = static_cast<std::size_t>(c.max_batch_mb) << 20;
  s.retention = std::chrono::hours(24 * c.retention_days);
  auto registry = optional_certificates(c.registry_certificate, "registry_certificate",
                                        has(needs, SyncNeeds::kRegistryCertificate), "to encrypt batches to the registry");
  if (!registry) return registry.error();
  if (!registry->empty()) s.registry_certificate = registry->front();
  auto anchors = optional_certificates(c.registry_ca, "registry_ca", has(needs, SyncNeeds::kRegistryCa),
                                       "to check the registry's receipts");
  if (!anchors) return anchors.error();
  s.registry_anchors = std::move(*anchors);
  auto stations = optional_certificates(c.station_ca, "station_ca", has(needs, SyncNeeds::kStationCa),
                                        "to check the batches of other stations");
  if (!stations) return stations.error();
  s.station_anchors = std::move(*stations);
  auto registry_crls = optional_revocation_list(c.registry_crl, "registry_crl");
  if (!registry_crls) return registry_crls.error();
  s.registry_crls = std::move(*registry_crls);
  auto station_crls = optional_revocation_list(c.station_crl, "station_crl");
  if (!station_crls) return station_crls.error();
  s.station_crls = std::move(*station_crls);
  return s;
}

}  // namespace

hal::Result<std::vector<hal::Bytes>> configured_certificates(const std::filesystem::path& path, const std::string& key) {
  if (path.empty()) return unset(key, "to check the revocation list its CA signed");
  return certificates_in(path, key);
}

hal::Result<SyncStation> open_sync_station(Context& context, SyncNeeds needs) {
  auto settings = settings_from(context.config(), needs);
  if (!settings) return settings.error();
  auto keys = context.devices().key_store();
  if (!keys) return keys.error();
  auto opened = open_store(context, true);
  if (!opened) return opened.error();
  settings->actor = command_line_user();
  SyncStation out;
  out.store = std::move(*opened);
  out.syncer = std::make_unique<sync::Syncer>(*out.store, **keys, context.devices().clock(), std::move(*settings));
  return out;
}

hal::Result<std::unique_ptr<sync::Uploader>> open_uploader(Context& context) {
  const Config& config = context.config();
  const SyncConfig& c = config.sync;
  if (c.registry_url.empty()) return unset("registry_url", "to reach the registry (without a network, use station export)");
  if (c.registry_ca.empty()) return unset("registry_ca", "to know the registry's server");
  if (c.tls_certificate.empty() || c.tls_key.empty()) return unset("tls_certificate and tls_key", "to identify this station");
  sync::RegistryEndpoint endpoint;
  endpoint.url = c.registry_url;
  endpoint.ca_file = c.registry_ca.string();
  endpoint.client_certificate = c.tls_certificate.string();
  endpoint.client_key = c.tls_key;
  if (c.tls_key.rfind("pkcs11:", 0) == 0) {
    endpoint.key_engine = "pkcs11";
    endpoint.key_pin = context.devices().token_pin();
  }
  if (!c.registry_crl.empty()) {
    // Checked here (its CA's signature, still current) so that a stale or
    // foreign list is named before any connection; libcurl then applies it
    // to the registry's TLS chain.
    auto lists = optional_revocation_list(c.registry_crl, "registry_crl");
    if (!lists) return lists.error();
    auto anchors = certificates_in(c.registry_ca, "registry_ca");
    if (!anchors) return anchors.error();
    auto checked = sync::check_revocation_list(lists->front(), *anchors, context.devices().clock().now());
    if (!checked) return hal::make_error(checked.error().code, "[sync] registry_crl: " + checked.error().message);
    endpoint.crl_file = c.registry_crl.string();
  }
  sync::UploadPolicy policy;
  policy.chunk_bytes = static_cast<std::size_t>(c.chunk_kb) * 1024;
  policy.max_bytes_per_second = c.max_kbps * 1024;
  policy.max_attempts = static_cast<int>(c.max_attempts);
  policy.stall_timeout = std::chrono::seconds(c.stall_timeout_s);
  return sync::Uploader::create(endpoint, policy, context.devices().clock(), std::random_device{}());
}

}  // namespace station
