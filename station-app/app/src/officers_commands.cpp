// `station officers add|list|unlock`: the station's accounts. A technician
// adds accounts (the station's very first account is the technician setting
// it up); a supervisor or technician lifts a lockout. PINs are read like the
// log-in PIN, twice; the new officer's finger is enrolled on the sensor.
#include <iostream>

#include "commands.hpp"
#include "officer_login.hpp"
#include "store_access.hpp"

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
    if (*again == *pin) return pin;
    std::cerr << "  PIN: the two PINs differ; choose it again\n";
  }
}

// Who may add this account: anyone for the first (a technician), else a
// technician who logs in now.
hal::Status authorise_add(Context& context, store::Store& s, officers::OfficerRegistry& registry, const AddArgs& args,
                          officers::Role role) {
  auto count = registry.count();
  if (!count) return count.error();
  if (*count == 0) {
    if (role != officers::Role::kTechnician) {
      return hal::make_error(ErrorCode::kFailedPrecondition,
                             "this station has no accounts yet: the first must be the technician setting it up "
                             "(--role technician), who then adds the others");
    }
    return {};
  }
  if (args.as.empty()) {
    return hal::make_error(ErrorCode::kPermissionDenied,
                           "adding an account needs a technician's log-in: give --as TECHNICIAN_ID");
  }
  auto session = log_in(context, s, registry, args.as, "to add officer " + args.id);
  if (!session) return session.error();
  return session->require(officers::Action::kManageOfficers, args.id);
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
  HAL_TRY(authorise_add(context, **opened, *registry, args, *role));
  auto pin = new_pin(args.id);
  if (!pin) return pin.error();
  auto hash = officers::hash_pin(*pin, pin_cost(context.config()));
  if (!hash) return hash.error();
  std::cerr << "Officer " << args.id << ": put the same finger on the officer sensor, lifting it between touches\n";
  auto finger = (*sensor)->enroll(std::chrono::seconds(context.config().officers.finger_timeout_s * 5));
  if (!finger) return finger.error();
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       context.devices().clock().now().time_since_epoch()).count();
  HAL_TRY(registry->add({args.id, args.name, *role, *hash, *finger, 0, 0, now}));
  const std::string actor = args.as.empty() ? args.id : args.as;
  HAL_TRY((*opened)->record_action(actor, "officer.add", args.id, std::string(officers::to_string(*role))));
  context.out().line("Officer " + args.id + " (" + args.name + ", " + std::string(officers::to_string(*role)) +
                     ") can log in with the PIN and the finger just enrolled.");
  context.out().document({{"officer", args.id}, {"role", officers::to_string(*role)}});
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
                       (locked ? "  LOCKED OUT" : o.failed_logins > 0 ? "  " + std::to_string(o.failed_logins) +
                                                                           " failed log-in(s)"
                                                         : ""));
    rows.push_back({{"id", o.id}, {"name", o.name}, {"role", officers::to_string(o.role)},
                    {"failed_logins", o.failed_logins}, {"locked", locked}});
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

  auto unlock_args = std::make_shared<std::pair<std::string, std::string>>();
  auto* unlock = officers->add_subcommand("unlock", "Lift a lockout before it runs out (supervisor or technician)");
  unlock->add_option("ID", unlock_args->first, "the locked-out officer")->required();
  unlock->add_option("--as", unlock_args->second, "the supervisor or technician unlocking")->required();
  unlock->fallthrough();
  unlock->callback([&context, unlock_args] {
    context.defer([&context, unlock_args] { return run_unlock(context, unlock_args->first, unlock_args->second); });
  });
}

}  // namespace station
