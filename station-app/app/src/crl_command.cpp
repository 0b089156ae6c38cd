// `station crl install FILE --as TECH`: a technician brings a CA's current
// revocation list (e.g. on a medium) and it replaces the one [sync]
// registry_crl or station_crl names. The list must be signed by that CA,
// current, and not older than the one it replaces (a medium holding an old
// list must not bring a revoked certificate back); the install is audited.
#include "commands.hpp"
#include "hal/files.hpp"
#include "officer_login.hpp"
#include "store_access.hpp"
#include "sync_setup.hpp"
#include "station/sync/manifest.hpp"
#include "station/sync/revocation.hpp"

namespace station {

namespace {

struct CrlTarget {
  std::string key;  // "registry_crl" or "station_crl"
  std::filesystem::path path;
  sync::RevocationListInfo info;
};

// Which configured CA signed the list, and where that CA's list lives.
hal::Result<CrlTarget> target_of(Context& context, const sync::RevocationList& list) {
  const SyncConfig& c = context.config().sync;
  const auto now = context.devices().clock().now();
  std::string reasons;
  for (const auto& [ca_key, ca_path, crl_key, crl_path] :
       {std::tuple{"registry_ca", c.registry_ca, "registry_crl", c.registry_crl},
        std::tuple{"station_ca", c.station_ca, "station_crl", c.station_crl}}) {
    if (ca_path.empty()) continue;
    auto anchors = configured_certificates(ca_path, ca_key);
    if (!anchors) return anchors.error();
    auto info = sync::check_revocation_list(list, *anchors, now);
    if (info) {
      if (crl_path.empty()) {
        return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                               list.source + " is the list of [sync] " + ca_key + ", but [sync] " + crl_key +
                                   " is not set: set where it is kept first");
      }
      return CrlTarget{crl_key, crl_path, *info};
    }
    if (info.error().message.find("not the CA it is configured for") == std::string::npos) return info.error();
    reasons = info.error().message;
  }
  return hal::make_error(hal::ErrorCode::kPermissionDenied,
                         reasons.empty() ? "neither [sync] registry_ca nor station_ca is set, so no list can be checked"
                                         : reasons);
}

// Refuses a list issued before the installed one.
hal::Status not_older(const CrlTarget& target) {
  auto bytes = hal::read_regular_file(target.path, sync::kRevocationListFile);
  if (!bytes) return {};  // none installed yet
  auto installed = sync::read_revocation_list(*bytes, target.path.string());
  if (!installed) return {};  // unreadable: replaced by a checked one
  auto info = sync::describe_revocation_list(*installed);
  if (!info || info->this_update <= target.info.this_update) return {};
  return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                         "the list offered was issued " + sync::utc_text(target.info.this_update) +
                             ", before the installed one (" + sync::utc_text(info->this_update) +
                             "): an older list could bring a revoked certificate back; nothing was changed");
}

hal::Status run_install(Context& context, const std::string& file, const std::string& as) {
  auto bytes = hal::read_regular_file(file, sync::kRevocationListFile);
  if (!bytes) return bytes.error();
  auto list = sync::read_revocation_list(*bytes, file);
  if (!list) return list.error();
  auto target = target_of(context, *list);
  if (!target) return target.error();
  HAL_TRY(not_older(*target));
  auto opened = open_store(context, false);
  if (!opened) return opened.error();
  auto registry = open_officers(context.config());
  if (!registry) return registry.error();
  auto session = log_in(context, **opened, *registry, as, "to install a revocation list");
  if (!session) return session.error();
  HAL_TRY(session->require(officers::Action::kServiceDevices, target->key));
  const std::string pem = sync::revocation_list_pem(*list);
  HAL_TRY(hal::write_file_atomically(target->path, hal::ByteView(reinterpret_cast<const std::uint8_t*>(pem.data()),
                                                                 pem.size()),
                                     0644));
  const std::string detail = target->info.issuer + ", issued " + sync::utc_text(target->info.this_update) +
                             ", next update " + sync::utc_text(target->info.next_update) + ", " +
                             std::to_string(target->info.revoked) + " revoked, from " + file;
  HAL_TRY((*opened)->record_action(as, "crl.install", target->key, detail));
  context.out().line("Installed as [sync] " + target->key + " (" + target->path.string() + "): " + detail);
  return {};
}

}  // namespace

void add_crl_command(CLI::App& app, Context& context) {
  auto* crl = app.add_subcommand("crl", "Certificate revocation lists of the registry CA and the station CA");
  crl->require_subcommand(1);
  auto args = std::make_shared<std::pair<std::string, std::string>>();
  auto* install = crl->add_subcommand("install",
                                      "Replace a CA's revocation list ([sync] registry_crl or station_crl) with a "
                                      "current one it signed, e.g. from a medium; a technician logs in");
  install->add_option("FILE", args->first, "the CRL (PEM or DER)")->required();
  install->add_option("--as", args->second, "the technician installing it (logs in with PIN and finger)")->required();
  install->callback([&context, args] {
    context.defer([&context, args] { return run_install(context, args->first, args->second); });
  });
}

}  // namespace station
