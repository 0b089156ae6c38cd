// `station sync`, `station sync status`, `station export|import` and
// `station receipts export|import`: the dossiers' way to the registry, over
// the network or on removable media.
#include <csignal>
#include <ctime>
#include <iomanip>
#include <sstream>
#include <thread>

#include "commands.hpp"
#include "store_access.hpp"
#include "sync_setup.hpp"
#include "station/sync/media.hpp"
#include "station/sync/receipt.hpp"

namespace station {

namespace {

// "1 sealed dossier", "3 sealed dossiers": officers read these lines.
std::string dossiers(std::uint64_t count, std::string_view kind = "") {
  return std::to_string(count) + " " + std::string(kind) + (count == 1 ? "dossier" : "dossiers");
}

using store::DossierState;

volatile std::sig_atomic_t g_stop = 0;
void request_stop(int) { g_stop = 1; }

std::string utc_ms(std::int64_t ms) {
  if (ms <= 0) return "never";
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  std::ostringstream out;
  out << std::put_time(&parts, "%Y-%m-%d %H:%M UTC");
  return out.str();
}

std::string megabytes(std::uint64_t bytes) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(2) << static_cast<double>(bytes) / 1e6 << " MB";
  return out.str();
}

// The receipt as the officer sees it, from what the store kept (verified
// again: the store's copy is what counts).
hal::Result<nlohmann::json> receipt_summary(sync::Syncer& syncer, const std::string& batch_id) {
  auto content = syncer.store().receipt_content(batch_id);
  if (!content) return content.error();
  auto receipt = sync::verify_any_receipt(*content, syncer.registry_trust());
  if (!receipt) return receipt.error();
  nlohmann::json rejected = nlohmann::json::array();
  for (const auto& [id, reason] : receipt->rejected) rejected.push_back({{"dossier", id}, {"reason", reason}});
  return nlohmann::json{{"batch", receipt->batch_id},      {"batch_sha256", hal::to_hex(receipt->batch_hash)},
                        {"issued", receipt->issued},       {"accepted", receipt->accepted},
                        {"rejected", rejected},            {"sequence", receipt->sequence}};
}

void print_receipt(const Output& out, const nlohmann::json& r) {
  out.line("Receipt for batch " + r["batch"].get<std::string>() + " (signed by the registry, verified), issued " +
           r["issued"].get<std::string>() + ": " + dossiers(r["accepted"].size()) + " accepted, " +
           std::to_string(r["rejected"].size()) + " rejected");
  for (const auto& id : r["accepted"]) out.line("  accepted  " + id.get<std::string>());
  for (const auto& rej : r["rejected"])
    out.line("  REJECTED  " + rej["dossier"].get<std::string>() + ": " + rej["reason"].get<std::string>());
}

struct PassResult {
  nlohmann::json doc;
  hal::Status status;
};

hal::Result<nlohmann::json> upload_pass(Context& context, sync::Syncer& syncer) {
  auto uploader = open_uploader(context);
  if (!uploader) return uploader.error();
  auto outcome = syncer.upload_waiting(**uploader, [](const std::string& id, std::uint64_t done, std::uint64_t total) {
    std::cerr << "  " << id << ": " << megabytes(done) << " of " << megabytes(total) << " at the registry\n";
  });
  if (!outcome) return outcome.error();
  nlohmann::json doc = {{"uploaded", outcome->uploaded},
                        {"failed", outcome->failed},
                        {"errors", outcome->errors},
                        {"bytes_sent", outcome->totals.bytes_sent},
                        {"bytes_resent", outcome->totals.bytes_resent},
                        {"requests", outcome->totals.requests},
                        {"retries", outcome->totals.failures}};
  return doc;
}

// One pass: batch what waits, upload what has no receipt, purge what is due.
PassResult sync_pass(Context& context, sync::Syncer& syncer) {
  const Output& out = context.out();
  PassResult result;
  auto made = syncer.make_batches();
  if (!made) return {{}, made.error()};
  out.line(made->empty() ? "No new dossiers to batch." : "Batched into " + std::to_string(made->size()) + " new batch(es): " + [&] {
    std::string ids;
    for (const auto& id : *made) ids += (ids.empty() ? "" : ", ") + id;
    return ids;
  }());
  result.doc["new_batches"] = *made;
  auto before = syncer.store().list_batches(true);
  if (!before) return {result.doc, before.error()};
  auto uploaded = upload_pass(context, syncer);
  if (!uploaded) return {result.doc, uploaded.error()};
  result.doc["upload"] = *uploaded;
  result.doc["receipts"] = nlohmann::json::array();
  for (const auto& b : *before) {
    auto info = syncer.store().batch_info(b.id);
    if (!info || !info->receipted) continue;
    auto r = receipt_summary(syncer, b.id);
    if (!r) return {result.doc, r.error()};
    print_receipt(out, *r);
    result.doc["receipts"].push_back(*r);
  }
  for (const auto& e : (*uploaded)["errors"]) out.line("NOT SENT: " + e.get<std::string>());
  auto purged = syncer.purge_due();
  if (!purged) return {result.doc, purged.error()};
  if (*purged > 0) out.line("Biometrics purged from " + dossiers(*purged, "delivered ") + " past retention.");
  result.doc["purged"] = *purged;
  if ((*uploaded)["failed"].get<int>() > 0) {
    result.status = hal::make_error(hal::ErrorCode::kUnavailable,
                                    std::to_string((*uploaded)["failed"].get<int>()) +
                                        " batch(es) could not be delivered this time; they stay queued: " +
                                        (*uploaded)["errors"][0].get<std::string>());
  }
  return result;
}

hal::Status run_sync(Context& context, bool once, double interval_s) {
  auto station = open_sync_station(context, SyncNeeds::kRegistryCertificate | SyncNeeds::kRegistryCa);
  if (!station) return station.error();
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  while (true) {
    hal::Status locked = hold_store_lock(context.config());
    if (!locked && (once || locked.error().code != hal::ErrorCode::kBusy)) return locked;
    PassResult pass = locked ? sync_pass(context, *station->syncer) : PassResult{nlohmann::json::object(), locked};
    if (!once) release_store_lock();
    if (locked) context.out().document(pass.doc);
    if (once || g_stop) return pass.status;
    if (!pass.status) std::cerr << "sync: " << pass.status.error().message << "; trying again later\n";
    for (double waited = 0; waited < interval_s && !g_stop; waited += 0.2)
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (g_stop) return {};
  }
}

nlohmann::json batch_json(const store::BatchInfo& b) {
  return {{"id", b.id},           {"origin", b.origin_station},        {"dossiers", b.dossier_count},
          {"bytes", b.bytes},     {"created", utc_ms(b.created_at_ms)}, {"relayed", b.relayed},
          {"attempts", b.attempts}, {"last_attempt", utc_ms(b.last_attempt_at_ms)}, {"last_error", b.last_error}};
}

hal::Status run_status(Context& context) {
  auto station = open_sync_station(context, SyncNeeds::kNothing);
  if (!station) return station.error();
  store::Store& s = *station->store;
  auto unbatched = s.list({DossierState::kSealed, DossierState::kPersonalized});
  if (!unbatched) return unbatched.error();
  auto waiting = s.list_batches(true);
  if (!waiting) return waiting.error();
  auto counts = s.count_by_state();
  if (!counts) return counts.error();
  const Output& out = context.out();
  nlohmann::json doc = {{"station", context.config().store.station_id},
                        {"registry", context.config().sync.registry_url},
                        {"dossiers_to_batch", unbatched->size()},
                        {"batches_waiting", nlohmann::json::array()}};
  for (const auto& [state, n] : *counts) doc["dossiers_by_state"][std::string(store::to_string(state))] = n;
  std::int64_t oldest = 0;
  for (const auto& d : *unbatched) {
    std::int64_t since = std::chrono::duration_cast<std::chrono::milliseconds>(d.state_since.time_since_epoch()).count();
    if (oldest == 0 || since < oldest) oldest = since;
  }
  std::string verb = unbatched->size() == 1 ? " waits" : " wait";
  out.line(unbatched->empty() ? "No dossier waits to be batched."
                              : dossiers(unbatched->size(), "sealed ") + verb + " to be batched, the oldest since " +
                                    utc_ms(oldest) + ".");
  if (waiting->empty()) out.line("No batch waits for the registry: everything sent has its receipt.");
  for (const auto& b : *waiting) {
    doc["batches_waiting"].push_back(batch_json(b));
    out.line("Batch " + b.id + (b.relayed ? " (relayed for " + b.origin_station + ")" : "") + ": " +
             dossiers(static_cast<std::uint64_t>(b.dossier_count)) + ", " + megabytes(static_cast<std::uint64_t>(b.bytes)) +
             ", waiting since " + utc_ms(b.created_at_ms) + "; " +
             (b.attempts == 0 ? "not sent yet"
                              : std::to_string(b.attempts) + (b.attempts == 1 ? " attempt" : " attempts") + ", the last " + utc_ms(b.last_attempt_at_ms) +
                                    (b.last_error.empty() ? "" : ": " + b.last_error)));
  }
  auto rejected = s.rejections();
  if (!rejected) return rejected.error();
  doc["rejected"] = nlohmann::json::array();
  for (const auto& r : *rejected) {
    doc["rejected"].push_back({{"dossier", r.dossier_id}, {"batch", r.batch_id}, {"reason", r.reason},
                               {"since", utc_ms(r.since_ms)}});
    out.line("REJECTED by the registry in batch " + r.batch_id + ": dossier " + r.dossier_id + ": " + r.reason +
             "; correct it (station dossier correct), then a supervisor re-seals it (station dossier reseal)");
  }
  out.document(doc);
  return {};
}

void print_media_report(const Output& out, const sync::MediaReport& report, const std::string& verb,
                        const std::string& what, const std::string& dir) {
  out.line(verb + " " + std::to_string(report.done.size()) + " " + what + (verb == "Wrote" ? " to " : " from ") + dir +
           (report.skipped.empty() ? "" : "; " + std::to_string(report.skipped.size()) + " left alone:"));
  for (const auto& id : report.done) out.line("  " + id);
  for (const auto& why : report.skipped) out.line("  SKIPPED " + why);
  out.document({{"done", report.done}, {"skipped", report.skipped}, {"folder", dir}});
}

using MediaStep = hal::Result<sync::MediaReport> (*)(sync::Syncer&, const std::filesystem::path&);

struct MediaCommand {
  SyncNeeds needs;
  MediaStep step;
  const char* verb;
  const char* what;
  bool batch_first;   // batch waiting dossiers before writing
  bool purge_after;   // purge what newly delivered dossiers allow
};

hal::Status run_media(Context& context, const MediaCommand& c, const std::string& dir) {
  auto station = open_sync_station(context, c.needs);
  if (!station) return station.error();
  if (c.batch_first) {
    auto made = station->syncer->make_batches();
    if (!made) return made.error();
  }
  auto report = c.step(*station->syncer, dir);
  if (!report) return report.error();
  print_media_report(context.out(), *report, c.verb, c.what, dir);
  if (c.purge_after) {
    auto purged = station->syncer->purge_due();
    if (!purged) return purged.error();
    if (*purged > 0) context.out().line("Biometrics purged from " + dossiers(*purged, "delivered ") + ".");
  }
  if (!report->skipped.empty() && report->done.empty()) {
    return hal::make_error(hal::ErrorCode::kCorrupt, "nothing was taken from " + dir + ": " + report->skipped.front());
  }
  return {};
}

void add_media_command(CLI::App& parent, Context& context, const char* name, const char* help, const char* flag,
                       MediaCommand command) {
  auto dir = std::make_shared<std::string>();
  auto* cmd = parent.add_subcommand(name, help);
  cmd->add_option(flag, *dir, "the folder on the removable medium")->required();
  cmd->callback([&context, dir, command] { context.defer([&context, dir, command] { return run_media(context, command, *dir); }); });
}

}  // namespace

void add_sync_commands(CLI::App& app, Context& context) {
  auto once = std::make_shared<bool>(false);
  auto interval = std::make_shared<double>(300);
  auto* sync = app.add_subcommand("sync", "Batch sealed dossiers, send them to the registry and apply its receipts");
  sync->add_flag("--once", *once, "one pass, then exit (non-zero when a batch could not be delivered)");
  sync->add_option("--interval", *interval, "seconds between passes when running on")
      ->check(CLI::Range(1.0, 86400.0))
      ->capture_default_str();
  auto* status = sync->add_subcommand("status", "What waits for the registry, since when, and the last error");
  status->callback([&context] { context.defer([&context] { return run_status(context); }); });
  sync->callback([&context, sync, once, interval] {
    if (sync->got_subcommand("status")) return;
    context.defer([&context, once, interval] { return run_sync(context, *once, *interval); });
  });

  using sync::export_batches;
  add_media_command(app, context, "export", "Write the batches without a receipt to removable media (no network)",
                    "--to", {SyncNeeds::kRegistryCertificate, export_batches, "Wrote", "batch(es)", true, false});
  add_media_command(app, context, "import", "Take in the batches another station exported, to relay them",
                    "--from", {SyncNeeds::kStationCa, sync::import_batches, "Took in", "batch(es)", false, false});
  auto* receipts = app.add_subcommand("receipts", "Registry receipts on removable media");
  receipts->require_subcommand(1);
  add_media_command(*receipts, context, "export", "Write the receipts of relayed batches for their stations", "--to",
                    {SyncNeeds::kNothing, sync::export_receipts, "Wrote", "receipt(s)", false, false});
  add_media_command(*receipts, context, "import", "Apply receipts brought back on media; delivered dossiers move on",
                    "--from", {SyncNeeds::kRegistryCa, sync::import_receipts, "Applied", "receipt(s)", false, true});
}

}  // namespace station
