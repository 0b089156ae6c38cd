// How commands reach the dossier store and name who ran them, shared by the
// store, card and (later) enrollment commands so they open it alike.
#pragma once

#include <memory>
#include <string>

#include "context.hpp"
#include "station/store/store.hpp"

namespace station {

// Opens the configured store; with_keys also opens the key store, which
// decrypting, sealing and signing need (listing and checking do not).
hal::Result<std::unique_ptr<store::Store>> open_store(Context& context, bool with_keys);

// Every command that opens the store holds its writer lock until it ends
// (store::WriterLock: kBusy when another station command runs). The sync
// daemon lets go between passes, so that the desk can work meanwhile.
hal::Status hold_store_lock(const Config& config);
void release_store_lock();

// Who ran the command, as the audit log records it ("cli:ops").
std::string command_line_user();

}  // namespace station
