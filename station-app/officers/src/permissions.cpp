#include "station/officers/permissions.hpp"

#include <array>
#include <string>

namespace station::officers {

namespace {

struct Rule {
  Action action;
  bool officer;
  bool supervisor;
  bool technician;
};

// The whole policy. Technicians keep the station running but never see a
// citizen; supervisors do everything an officer does plus approvals and
// unlocking; only technicians provision accounts and service devices, and
// only supervisors activate the accounts technicians make.
constexpr std::array<Rule, 9> kRules{{
    //  action                      officer supervisor technician
    {Action::kEnroll,               true,   true,      false},
    {Action::kApproveException,     false,  true,      false},
    {Action::kReadCitizenData,      true,   true,      false},
    {Action::kPersonalize,          true,   true,      false},
    {Action::kSync,                 true,   true,      true},   // batches are signed and encrypted: no citizen data shows
    {Action::kManageOfficers,       false,  false,     true},
    {Action::kUnlockOfficer,        false,  true,      true},
    {Action::kActivateOfficer,      false,  true,      false},  // the technician who made an account never activates it
    {Action::kServiceDevices,       false,  false,     true},
}};

std::string_view article(Role role) { return role == Role::kOfficer ? "an" : "a"; }

}  // namespace

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kOfficer: return "officer";
    case Role::kSupervisor: return "supervisor";
    case Role::kTechnician: return "technician";
  }
  return "unknown role";
}

hal::Result<Role> parse_role(std::string_view text) {
  for (Role role : {Role::kOfficer, Role::kSupervisor, Role::kTechnician}) {
    if (text == to_string(role)) return role;
  }
  return hal::make_error(hal::ErrorCode::kInvalidArgument,
                         "unknown role '" + std::string(text) + "'; a role is officer, supervisor or technician");
}

std::string_view to_string(Action action) {
  switch (action) {
    case Action::kEnroll: return "enroll citizens";
    case Action::kApproveException: return "approve exceptions";
    case Action::kReadCitizenData: return "read citizen data";
    case Action::kPersonalize: return "personalize cards";
    case Action::kSync: return "sync batches";
    case Action::kManageOfficers: return "manage officers";
    case Action::kUnlockOfficer: return "unlock officers";
    case Action::kActivateOfficer: return "activate officer accounts";
    case Action::kServiceDevices: return "service devices";
  }
  return "unknown action";
}

bool role_may(Role role, Action action) {
  for (const Rule& rule : kRules) {
    if (rule.action != action) continue;
    switch (role) {
      case Role::kOfficer: return rule.officer;
      case Role::kSupervisor: return rule.supervisor;
      case Role::kTechnician: return rule.technician;
    }
  }
  return false;  // an action without a rule is refused, never allowed by omission
}

std::string describe_rule(Role role, Action action) {
  std::string may = role_may(role, action) ? " may " : " may not ";
  return std::string(article(role)) + " " + std::string(to_string(role)) + may + std::string(to_string(action));
}

hal::Status check_permission(Role role, Action action) {
  if (role_may(role, action)) return {};
  return hal::make_error(hal::ErrorCode::kPermissionDenied, "rule: " + describe_rule(role, action));
}

}  // namespace station::officers
