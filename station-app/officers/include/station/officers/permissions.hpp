// Who may do what at the station: three roles and one table of rules. Every
// check in the station goes through check_permission(), so the rules are
// read in one place (README.md has the table).
#pragma once

#include <string_view>

#include "hal/result.hpp"

namespace station::officers {

enum class Role { kOfficer, kSupervisor, kTechnician };

enum class Action {
  kEnroll,             // create and fill a citizen's dossier
  kApproveException,   // accept a missing or bandaged finger, a forced capture
  kReadCitizenData,    // see demographics, face or fingerprints
  kPersonalize,        // write a citizen's chip card
  kSync,               // build, send or export batches, import receipts
  kManageOfficers,     // add, change or deactivate officer accounts
  kUnlockOfficer,      // lift a lockout before it runs out
  kActivateOfficer,    // let an account a technician made log in
  kServiceDevices,     // scanner firmware, tokens, device diagnosis
};

std::string_view to_string(Role role);
// "officer", "supervisor", "technician"; kInvalidArgument naming the three.
hal::Result<Role> parse_role(std::string_view text);
std::string_view to_string(Action action);

// True when the table lets `role` do `action`.
bool role_may(Role role, Action action);

// The rule as a person reads it: "a technician may not read citizen data".
std::string describe_rule(Role role, Action action);

// kPermissionDenied naming the rule when the table refuses.
hal::Status check_permission(Role role, Action action);

}  // namespace station::officers
