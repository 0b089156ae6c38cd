// The station's sync side as the configuration describes it: the store and
// a Syncer over it, and the uploader to the registry. Shared by `station
// sync`, `export`, `import` and `receipts`.
#pragma once

#include <memory>

#include "context.hpp"
#include "station/store/store.hpp"
#include "station/sync/syncer.hpp"
#include "station/sync/uploader.hpp"

namespace station {

struct SyncStation {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<sync::Syncer> syncer;
};

// What a command needs of [sync] besides the store.
enum class SyncNeeds {
  kNothing = 0,
  kRegistryCertificate = 1,  // to build batches
  kRegistryCa = 2,           // to verify receipts
  kStationCa = 4,            // to check other stations' batches
};
constexpr SyncNeeds operator|(SyncNeeds a, SyncNeeds b) {
  return static_cast<SyncNeeds>(static_cast<int>(a) | static_cast<int>(b));
}

// Errors: kFailedPrecondition naming the [sync] key a need requires and is
// empty; kNotFound / kCorrupt for a certificate file that is missing or
// holds none; the store's and key store's errors.
hal::Result<SyncStation> open_sync_station(Context& context, SyncNeeds needs);

// The certificates of the file [sync] `key` names (kFailedPrecondition when
// it is unset; the file's errors).
hal::Result<std::vector<hal::Bytes>> configured_certificates(const std::filesystem::path& path, const std::string& key);

// kFailedPrecondition when [sync] registry_url or the TLS files are not set.
hal::Result<std::unique_ptr<sync::Uploader>> open_uploader(Context& context);

}  // namespace station
