// How commands log an officer in: the PIN typed at the terminal (not echoed)
// or given on standard input, then the finger on the officer sensor, against
// the officer registry; every outcome goes into the store's audit log.
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include "context.hpp"
#include "station/officers/pin.hpp"
#include "station/officers/session.hpp"
#include "station/store/store.hpp"

namespace station {

officers::LoginPolicy login_policy(const Config& config);
officers::PinCost pin_cost(const Config& config);
hal::Result<officers::OfficerRegistry> open_officers(const Config& config);
// The marker recording that the station was set up: beside the dossier
// store, named after its resolved path, so neither another officers file nor
// another spelling of the store's path finds the station unprovisioned.
std::filesystem::path provisioning_marker(const Config& config);
// Appends to the store's chained audit log.
officers::AuditFn store_audit(store::Store& s);

// One line from `in`, not echoed when `in` is a terminal. kCancelled at the
// end of input.
hal::Result<std::string> read_secret(std::istream& in, std::ostream& out, const std::string& prompt);

// Logs officer `id` in for `why` ("to enroll"). A malformed or wrong PIN is
// asked again (a wrong one counts towards the lockout) until the input ends.
// Errors: those of officers::verify_officer, kCancelled.
hal::Result<officers::Session> log_in(Context& context, store::Store& s, officers::OfficerRegistry& registry,
                                      const std::string& id, const std::string& why);

// The same officer again, after their session locked itself.
hal::Status log_in_again(Context& context, officers::OfficerRegistry& registry, officers::Session& session);

}  // namespace station
