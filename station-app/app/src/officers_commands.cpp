// `station officers add|list|unlock|activate`: the station's accounts. A
// technician adds accounts (the station's very first account is the
// technician setting it up); a supervisor activates them; a supervisor or
// technician lifts a lockout. PINs are read like the
// log-in PIN, twice; the new officer's finger is enrolled on the sensor.
#include <algorithm>
#include <iostream>

#include "commands.hpp"
#include "officer_login.hpp"
#include "hal/wipe_on_exit.hpp"
#include "store_access.hpp"
#include "station/officers/provisioning.hpp"

namespace station {

namespace {

using hal::ErrorCode;

struct AddArgs {
  std::string id;
  std::string name;
  std::string role;
  std::string as;
};

hal::Result<std::string> new_pin(const std::string& id) {
  for (;;) {
    auto pin = read_secret(std::cin, std::cerr, "New PIN for " + id + " (6 to 12 digits)");
    if (!pin) return pin.error();
    if (auto format = officers::check_pin_format(*pin); !format) {
      std::cerr << "  PIN: " << format.error().message << "\n";
      continue;
    }
    auto again = read_secret(std::cin, std::cerr, "The same PIN again");
    if (!again) return again.error();
    const hal::WipeOnExit wipe_again(*again);
    if (*again == *pin) return pin;
    hal::wipe(*pin);
    std::cerr << "  PIN: the two PINs differ; choose it again\n";
  }
}

// How a new account starts, and what the provisioning marker records of it.
struct Start {
  bool active = false;
  std::string marks;  // "account", "supervisor" or ""
};

// Who may add this account, and whether it may log in at once. The station's
// first account (a technician) needs no log-in, but only while the station
// has never been provisioned; then a technician logs in for each account.
// Only the station's first supervisor starts active (someone must activate
// the rest); every other account waits for a supervisor's activation.
hal::Result<Start> authorise_add(Context& context, store::Store& s, officers::OfficerRegistry& registry,
                                 const AddArgs& args, officers::Role role) {
  const auto marker = provisioning_marker(context.config());
  auto setup = officers::read_provisioning(marker);
  if (!setup) return setup.error();
  auto all = registry.list();
  if (!all) return all.error();
  const bool supervisor_made = setup->has_supervisor || std::any_of(all->begin(), all->end(), [](const auto& o) {
                                 return o.role == officers::Role::kSupervisor;
                               });
  if (!setup->provisioned && all->empty()) {
    if (role != officers::Role::kTechnician) {
      return hal::make_error(ErrorCode::kFailedPrecondition,
                             "this station has no accounts yet: the first must be the technician setting it up "
                             "(--role technician), who then adds the others");
    }
    return Start{true, "account"};
  }
  if (args.as.empty()) {
    if (all->empty()) {
      return hal::make_error(ErrorCode::kPermissionDenied,
                             "this station was set up already (" + marker.string() + "), yet its officer registry " +
                                 officers_database_path(context.config()).string() +
                                 " has no accounts: restore it from the station's backup; a first account is made "
                                 "only on a station never set up");
    }
    return hal::make_error(ErrorCode::kPermissionDenied,
                           "adding an account needs a technician's log-in: give --as TECHNICIAN_ID");
  }
  auto session = log_in(context, s, registry, args.as, "to add officer " + args.id);
  if (!session) return session.error();
  HAL_TRY(session->require(officers::Action::kManageOfficers, args.id));
  if (role == officers::Role::kSupervisor && !supervisor_made) return Start{true, "supervisor"};
  return Start{false, ""};
}

hal::Status run_add(Context& context, const AddArgs& args) {
  auto role = officers::parse_role(args.role);
  if (!role) return role.error();
  HAL_TRY(officers::check_officer_id(args.id));
  auto opened = open_store(context, false);
  if (!opened) return opened.error();
  auto registry = open_officers(context.config());
  if (!registry) return registry.error();
  if (registry->find(args.id)) {
    return hal::make_error(ErrorCode::kAlreadyExists, "there is already an officer '" + args.id + "' on this station");
  }
  // Opened first, so the enrollment's touches are counted aloud.
  auto sensor = context.devices().finger_sensor(
      [](int done, int total) { std::cerr << "  touch " << done << " of " << total << " taken\n"; });
  if (!sensor) return sensor.error();
  auto start = authorise_add(context, **opened, *registry, args, *role);
  if (!start) return start.error();
  auto pin = new_pin(args.id);
  if (!pin) return pin.error();
  const hal::WipeOnExit wipe_pin(*pin);
  auto hash = officers::hash_pin(*pin, pin_cost(context.config()));
  if (!hash) return hash.error();
  std::cerr << "Officer " << args.id << ": put the same finger on the officer sensor, lifting it between touches\n";
  auto finger = (*sensor)->enroll(std::chrono::seconds(context.config().officers.finger_timeout_s * 5));
  if (!finger) return finger.error();
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       context.devices().clock().now().time_since_epoch()).count();
  HAL_TRY(registry->add({args.id, args.name, *role, *hash, *finger, 0, 0, now, start->active, ""}));
  // After the account exists: a crash before this line leaves an account,
  // which counts as provisioned too.
  if (!start->marks.empty()) {
    HAL_TRY(officers::record_provisioning(provisioning_marker(context.config()), start->marks, args.id, now));
  }
  const std::string actor = args.as.empty() ? args.id : args.as;
  const std::string role_text(officers::to_string(*role));
  HAL_TRY((*opened)->record_action(actor, "officer.add", args.id,
                                   start->active ? role_text : role_text + ", inactive until a supervisor activates it"));
  context.out().line("Officer " + args.id + " (" + args.name + ", " + role_text + ") " +
                     (start->active ? "can log in with the PIN and the finger just enrolled."
                                    : "is inactive until a supervisor activates the account: station officers activate " +
                                          args.id + " --as SUPERVISOR_ID"));
  context.out().document({{"officer", args.id}, {"role", role_text}, {"active", start->active}});
  return {};
}

hal::Status run_list(Context& context) {
  auto registry = open_officers(context.config());
  if (!registry) return registry.error();
  auto all = registry->list();
  if (!all) return all.error();
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       context.devices().clock().now().time_since_epoch()).count();
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& o : *all) {
    const bool locked = o.locked_until_ms > now;
    context.out().line(o.id + "  " + std::string(officers::to_string(o.role)) + "  " + o.name +
                       (o.active ? "" : "  INACTIVE (a supervisor activates it)") +
                       (locked ? "  LOCKED OUT" : o.failed_logins > 0 ? "  " + std::to_string(o.failed_logins) +
                                                                           " failed log-in(s)"
                                                         : ""));
    rows.push_back({{"id", o.id}, {"name", o.name}, {"role", officers::to_string(o.role)},
                    {"failed_logins", o.failed_logins}, {"locked", locked}, {"active", o.active}});
  }
  context.out().line(std::to_string(all->size()) + " account(s)");
  context.out().document({{"officers", rows}});
  return {};
}

hal::Status run_unlock(Context& context, const std::string& id, const std::string& as) {
  auto opened = open_store(context, false);
  if (!opened) return opened.error();
  auto registry = open_officers(context.config());
  if (!registry) return registry.error();
  auto target = registry->find(id);
  if (!target) return target.error();
  auto session = log_in(context, **opened, *registry, as, "to unlock officer " + id);
  if (!session) return session.error();
  HAL_TRY(session->require(officers::Action::kUnlockOfficer, id));
  HAL_TRY(registry->clear_failures(id));
  HAL_TRY((*opened)->record_action(as, "officer.unlock", id, "after " + std::to_string(target->failed_logins) +
                                                                 " failed log-in(s)"));
  context.out().line("Officer " + id + " can log in again.");
  return {};
}

hal::Status run_activate(Context& context, const std::string& id, const std::string& as) {
  auto opened = open_store(context, false);
  if (!opened) return opened.error();
  auto registry = open_officers(context.config());
  if (!registry) return registry.error();
  auto target = registry->find(id);
  if (!target) return target.error();
  if (target->active) {
    return hal::make_error(ErrorCode::kFailedPrecondition, "officer " + id + " is active already");
  }
  auto session = log_in(context, **opened, *registry, as, "to activate officer " + id);
  if (!session) return session.error();
  HAL_TRY(session->require(officers::Action::kActivateOfficer, id));
  HAL_TRY(registry->activate(id, as));
  HAL_TRY((*opened)->record_action(as, "officer.activate", id, std::string(officers::to_string(target->role))));
  context.out().line("Officer " + id + " (" + target->name + ", " + std::string(officers::to_string(target->role)) +
                     ") can log in now.");
  return {};
}

// `officers unlock` and `officers activate`: one target, one supervisor.
void add_supervised_command(CLI::App& officers, Context& context, const std::string& name, const std::string& help,
                            const std::string& target_help, const std::string& as_help,
                            hal::Status (*run)(Context&, const std::string&, const std::string&)) {
  auto args = std::make_shared<std::pair<std::string, std::string>>();
  auto* cmd = officers.add_subcommand(name, help);
  cmd->add_option("ID", args->first, target_help)->required();
  cmd->add_option("--as", args->second, as_help)->required();
  cmd->fallthrough();
  cmd->callback([&context, args, run] {
    context.defer([&context, args, run] { return run(context, args->first, args->second); });
  });
}

}  // namespace

void add_officers_command(CLI::App& app, Context& context) {
  auto* officers = app.add_subcommand("officers", "The station's officer accounts and their log-in");
  officers->require_subcommand(1);
  officers->fallthrough();

  auto add_args = std::make_shared<AddArgs>();
  auto* add = officers->add_subcommand("add", "Add an account: PIN (asked twice) and finger enrolled on the sensor");
  add->add_option("ID", add_args->id, "badge number, 2 to 32 letters, digits or '-'")->required();
  add->add_option("--name", add_args->name, "the officer's name")->required();
  add->add_option("--role", add_args->role, "officer, supervisor or technician")->required();
  add->add_option("--as", add_args->as, "the technician adding it (not for the station's first account)");
  add->fallthrough();
  add->callback([&context, add_args] { context.defer([&context, add_args] { return run_add(context, *add_args); }); });

  auto* list = officers->add_subcommand("list", "The accounts, their roles and lockouts");
  list->fallthrough();
  list->callback([&context] { context.defer([&context] { return run_list(context); }); });

  add_supervised_command(*officers, context, "unlock", "Lift a lockout before it runs out (supervisor or technician)",
                         "the locked-out officer", "the supervisor or technician unlocking", run_unlock);
  add_supervised_command(*officers, context, "activate",
                         "Let an account a technician made log in (a supervisor, who logs in)", "the new account",
                         "the supervisor activating it", run_activate);
}

}  // namespace station
