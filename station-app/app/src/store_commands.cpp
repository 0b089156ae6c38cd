// The dossier store from the command line: `station queue`, `station dossier
// show`, `station audit verify` and `station store check`. Listing and
// checking need no key; showing a dossier and checking signatures do.

#include <cstdlib>
#include <ctime>
#include <iomanip>
#include <sstream>

#include "commands.hpp"
#include "officer_login.hpp"
#include "store_access.hpp"
#include "station/workflow/correction.hpp"
#include "station/dossier/serialization.hpp"
#include "station/store/store.hpp"

namespace station {

namespace {

using store::DossierState;

std::int64_t millis(dossier::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// "2025-06-01 08:00:00Z"
std::string utc(dossier::TimePoint t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  std::ostringstream out;
  out << std::put_time(&parts, "%Y-%m-%d %H:%M:%SZ");
  return out.str();
}

std::string size_text(std::int64_t bytes) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / 1e6 << " MB";
  return out.str();
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text;
}

// --state (checked by the parser): a state, "pending" (not yet delivered) or "all".
hal::Result<std::vector<DossierState>> states_for(const std::string& choice) {
  if (choice == "all") return std::vector<DossierState>{};
  if (choice == "pending") {
    return std::vector<DossierState>{DossierState::kDraft, DossierState::kSealed, DossierState::kPersonalized,
                                     DossierState::kBatched};
  }
  auto state = store::parse_state(choice);
  if (!state) return state.error();
  return std::vector<DossierState>{*state};
}

hal::Status run_queue(Context& context, const std::string& choice) {
  auto states = states_for(choice);
  if (!states) return states.error();
  auto opened = open_store(context, false);
  if (!opened) return opened.error();
  auto& s = **opened;
  auto counts = s.count_by_state();
  if (!counts) return counts.error();
  auto listed = s.list(*states);
  if (!listed) return listed.error();

  const Output& out = context.out();
  std::string tally;
  nlohmann::json count_doc = nlohmann::json::object();
  for (const auto& [state, n] : *counts) {
    count_doc[std::string(store::to_string(state))] = n;
    if (n > 0) tally += (tally.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(store::to_string(state));
  }
  out.line("Store " + s.path().string() + ": " + (tally.empty() ? "empty" : tally));
  if (!listed->empty()) out.line(pad("ID", 38) + pad("STATE", 14) + pad("SINCE", 22) + pad("OFFICER", 16) + "SIZE");
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& d : *listed) {
    std::string state(store::to_string(d.state));
    out.line(pad(d.id, 38) + pad(state, 14) + pad(utc(d.state_since), 22) + pad(d.officer_id, 16) + size_text(d.payload_bytes));
    if (out.json()) {
      rows.push_back({{"id", d.id},
                      {"state", state},
                      {"station_id", d.station_id},
                      {"officer_id", d.officer_id},
                      {"created_at_ms", millis(d.created_at)},
                      {"state_since_ms", millis(d.state_since)},
                      {"payload_bytes", d.payload_bytes}});
    }
  }
  out.line(std::to_string(listed->size()) + " shown (" + choice + ")");
  out.document({{"database", s.path().string()}, {"counts", count_doc}, {"filter", choice}, {"dossiers", rows}});
  return {};
}

void print_capture(const Output& out, const std::string& label, const dossier::Capture& c, bool with_biometrics) {
  std::string line = label + ": " + std::string(dossier::to_string(c.format)) + " " + std::to_string(c.width) + "x" +
                     std::to_string(c.height) + (c.ppi ? " " + std::to_string(c.ppi) + " ppi" : "") + ", quality " +
                     std::to_string(c.quality) + ", " + std::to_string(c.retries) + " retries" +
                     (c.accepted_below_threshold ? ", accepted below threshold" : "");
  if (with_biometrics) line += ", image " + std::to_string(c.image.size()) + " bytes (--json for the data)";
  out.line(line);
}

void print_dossier(const Output& out, const dossier::Dossier& d, const store::DossierSummary& summary,
                   bool with_biometrics) {
  const auto& p = d.demographics;
  out.line("Dossier " + d.id + " (" + std::string(store::to_string(summary.state)) + " since " +
           utc(summary.state_since) + ")");
  out.line("  station " + d.station_id + ", officer " + d.officer_id +
           (d.supervisor_id.empty() ? "" : ", supervisor " + d.supervisor_id) + ", created " + utc(d.created_at) +
           ", last change " + utc(d.updated_at));
  out.line("  Full name:          " + p.full_name);
  out.line("  Date of birth:      " + dossier::to_iso8601(p.date_of_birth) + "   Sex: " + std::string(dossier::to_string(p.sex)));
  out.line("  Personal id:        " + p.personal_id + "   Nationality: " + p.nationality);
  out.line("  Ethnicity:          " + p.ethnicity + "   Religion: " + (p.religion.empty() ? "none" : p.religion));
  out.line("  Place of origin:    " + p.place_of_origin);
  out.line("  Place of residence: " + p.place_of_residence);
  out.line("  Father / mother:    " + p.father_name + " / " + p.mother_name);
  if (d.face) {
    print_capture(out, "  Face", *d.face, with_biometrics);
  } else {
    out.line("  Face: none");
  }
  for (int position = 1; position <= dossier::kFingerCount; ++position) {
    const auto& slot = d.fingers[static_cast<std::size_t>(position - 1)];
    std::string label = "  Finger " + std::to_string(position) + " (" + std::string(dossier::finger_name(position)) + ")";
    if (slot.capture) {
      print_capture(out, label, *slot.capture, with_biometrics);
    } else {
      out.line(label + ": " + std::string(dossier::to_string(slot.status)));
    }
  }
}

hal::Status run_show(Context& context, const std::string& id_or_prefix, const std::string& officer_id,
                     bool with_biometrics) {
  auto opened = open_store(context, true);
  if (!opened) return opened.error();
  auto& s = **opened;
  auto id = s.resolve_id(id_or_prefix);
  if (!id) return id.error();
  auto summary = s.summary(*id);
  if (!summary) return summary.error();
  auto registry = open_officers(context.config());
  if (!registry) return registry.error();
  auto session = log_in(context, s, *registry, officer_id, "to see dossier " + id->substr(0, 8));
  if (!session) return session.error();
  HAL_TRY(session->require(officers::Action::kReadCitizenData, *id));
  // Citizen data is shown only once the showing is on the audit log.
  HAL_TRY(s.record_view(*id, officer_id, with_biometrics ? "demographics and biometrics" : "demographics"));
  auto loaded = s.load(*id);
  if (!loaded) return loaded.error();
  print_dossier(context.out(), *loaded, *summary, with_biometrics);
  auto doc = dossier::to_display_json(*loaded, with_biometrics);
  doc["state"] = store::to_string(summary->state);
  doc["state_since_ms"] = millis(summary->state_since);
  context.out().document(doc);
  return {};
}

// A dossier the registry rejected: the officer corrects it, a supervisor
// approves sealing it again (issue 14 point 7); each logs in.
hal::Status run_rejected_step(Context& context, const std::string& id_or_prefix, const std::string& as,
                              const std::string& from) {
  auto opened = open_store(context, true);
  if (!opened) return opened.error();
  auto& s = **opened;
  auto id = s.resolve_id(id_or_prefix);
  if (!id) return id.error();
  auto registry = open_officers(context.config());
  if (!registry) return registry.error();
  const bool reseal = from.empty();
  auto session = log_in(context, s, *registry, as, (reseal ? "to re-seal dossier " : "to correct dossier ") + id->substr(0, 8));
  if (!session) return session.error();
  HAL_TRY(session->require(reseal ? officers::Action::kApproveException : officers::Action::kEnroll, *id));
  HAL_TRY(reseal ? s.reseal(*id, as) : workflow::correct_rejected(s, *id, from, as, context.devices().clock(),
                                                                                   context.config().card.face_bytes));
  context.out().line("Dossier " + *id + (reseal ? " sealed again, approved by " : " corrected by ") + as +
                     (reseal ? "; it goes in the next batch" : "; a supervisor re-seals it: station dossier reseal " +
                                                                  *id + " --as SUPERVISOR"));
  return {};
}

nlohmann::json audit_json(const store::AuditReport& r) {
  return {{"first_seq", r.first_seq},
          {"last_seq", r.last_seq},
          {"entries_checked", r.entries_checked},
          {"signatures_checked", r.signatures_checked},
          {"signed_heads_verified", r.heads_checked},
          {"last_signed_seq", r.last_signed_seq},
          {"acknowledged_seq", r.acknowledged_seq},
          {"pruned_seq", r.pruned_seq},
          {"broken", r.broken ? nlohmann::json{{"seq", r.broken->seq}, {"reason", r.broken->reason}} : nlohmann::json()}};
}

std::string audit_summary(const store::AuditReport& r) {
  if (r.entries_checked == 0) return "the audit log is empty";
  std::string text = "audit entries " + std::to_string(r.first_seq) + ".." + std::to_string(r.last_seq) + " chained";
  if (r.signatures_checked) {
    text += ", " + std::to_string(r.heads_checked) + " signed heads verified, " +
            std::to_string(r.last_seq - r.last_signed_seq) + " entries since the last";
  }
  return text + ", acknowledged up to " + std::to_string(r.acknowledged_seq);
}

hal::Status run_audit_verify(Context& context, bool signatures) {
  auto opened = open_store(context, signatures);
  if (!opened) return opened.error();
  auto report = (*opened)->verify_audit();
  if (!report) return report.error();
  context.out().document(audit_json(*report));
  if (report->broken) {
    return hal::make_error(hal::ErrorCode::kCorrupt,
                           "the audit log is broken at entry " + std::to_string(report->broken->seq) + ": " +
                               report->broken->reason);
  }
  context.out().line("Audit log of " + (*opened)->path().string() + ": " + audit_summary(*report) + ".");
  return {};
}

// Decrypting every record reads every citizen's data: an officer logs in
// first, and the check is on the audit log under their name.
hal::Status authorise_decrypt(Context& context, store::Store& s, const std::string& officer_id) {
  if (officer_id.empty()) {
    return hal::make_error(hal::ErrorCode::kPermissionDenied,
                           "store check --decrypt reads every citizen's data: give --as OFFICER_ID, who logs in");
  }
  auto registry = open_officers(context.config());
  if (!registry) return registry.error();
  auto session = log_in(context, s, *registry, officer_id, "to decrypt every dossier for the store check");
  if (!session) return session.error();
  HAL_TRY(session->require(officers::Action::kReadCitizenData, "store"));
  return s.record_action(officer_id, "store.check_decrypt", "store", "every record decrypted and authenticated");
}

hal::Status run_store_check(Context& context, bool decrypt, const std::string& officer_id) {
  auto opened = open_store(context, decrypt);
  if (!opened) return opened.error();
  if (decrypt) HAL_TRY(authorise_decrypt(context, **opened, officer_id));
  auto report = (*opened)->check(decrypt);
  if (!report) return report.error();
  const Output& out = context.out();
  out.document({{"database", (*opened)->path().string()},
                {"dossiers", report->dossiers},
                {"records", report->records},
                {"records_decrypted", report->records_decrypted},
                {"audit", audit_json(report->audit)},
                {"problems", report->problems}});
  for (const auto& problem : report->problems) out.line("PROBLEM: " + problem);
  if (!report->problems.empty()) {
    return hal::make_error(hal::ErrorCode::kCorrupt, std::to_string(report->problems.size()) +
                                                         " problem(s) in the store; the first: " + report->problems.front());
  }
  out.line("Store " + (*opened)->path().string() + ": " + std::to_string(report->dossiers) + " dossiers, " +
           std::to_string(report->records) + " records" +
           (decrypt ? " (" + std::to_string(report->records_decrypted) + " decrypted and authenticated)" : "") +
           "; SQLite integrity and foreign keys ok; " + audit_summary(report->audit) + ".");
  return {};
}

}  // namespace

// Each subcommand lets options it does not know fall through to the program,
// so `station queue --json` means `station --json queue`.
void add_store_commands(CLI::App& app, Context& context) {
  auto state = std::make_shared<std::string>("pending");
  auto* queue = app.add_subcommand("queue", "List the dossiers waiting on this station (no citizen data)");
  std::vector<std::string> choices{"pending", "all"};
  for (auto s : store::all_states()) choices.emplace_back(store::to_string(s));
  queue->add_option("--state", *state, "a state, pending (not yet delivered) or all")
      ->check(CLI::IsMember(choices))
      ->default_str("pending");
  queue->fallthrough();
  queue->callback([&context, state] { context.defer([&context, state] { return run_queue(context, *state); }); });

  struct ShowArgs {
    std::string id;
    std::string officer;
    bool with_biometrics = false;
  };
  auto show_args = std::make_shared<ShowArgs>();
  auto* dossier = app.add_subcommand("dossier", "Work with one dossier");
  dossier->require_subcommand(1);
  auto* show = dossier->add_subcommand("show", "Decrypt and show a dossier (images only with --with-biometrics)");
  show->add_option("ID", show_args->id, "dossier id, or its first 8 or more characters")->required();
  show->add_flag("--with-biometrics", show_args->with_biometrics, "include the face and finger images (base64 in --json)");
  show->add_option("--as", show_args->officer, "the officer asking (logs in with PIN and finger)")->required();
  dossier->fallthrough();
  show->fallthrough();
  show->callback([&context, show_args] {
    context.defer([&context, show_args] { return run_show(context, show_args->id, show_args->officer, show_args->with_biometrics);
    });
  });

  struct RejectedArgs {
    std::string id, as, from;
  };
  for (const bool reseal : {false, true}) {
    auto args = std::make_shared<RejectedArgs>();
    auto* cmd = dossier->add_subcommand(reseal ? "reseal" : "correct",
                                        reseal ? "Seal again a corrected dossier the registry rejected (a supervisor)"
                                               : "Correct a dossier the registry rejected: demographics and face "
                                                 "from an enrollment file");
    cmd->add_option("ID", args->id, "dossier id, or its first 8 or more characters")->required();
    cmd->add_option("--as", args->as, reseal ? "the approving supervisor (logs in)" : "the officer (logs in)")->required();
    if (!reseal) cmd->add_option("--from", args->from, "enrollment JSON (station-app/workflow/examples/)")->required();
    cmd->fallthrough();
    cmd->callback([&context, args] {
      context.defer([&context, args] { return run_rejected_step(context, args->id, args->as, args->from); });
    });
  }

  auto hashes_only = std::make_shared<bool>(false);
  auto* audit = app.add_subcommand("audit", "The store's audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "Check the hash chain and the signed heads; exits 8 naming the first broken entry");
  verify->add_flag("--hashes-only", *hashes_only, "check the chain without the token (no signature checks)");
  audit->fallthrough();
  verify->fallthrough();
  verify->callback([&context, hashes_only] {
    context.defer([&context, hashes_only] { return run_audit_verify(context, !*hashes_only); });
  });

  auto decrypt = std::make_shared<bool>(false);
  auto check_as = std::make_shared<std::string>();
  auto* store_command = app.add_subcommand("store", "The dossier database");
  store_command->require_subcommand(1);
  auto* check = store_command->add_subcommand(
      "check", "SQLite integrity, the store's consistency rules and the audit chain; exits 8 on any problem");
  check->add_flag("--decrypt", *decrypt, "also decrypt every record and check every seal (needs the token)");
  check->add_option("--as", *check_as, "with --decrypt: the officer asking (logs in with PIN and finger)");
  store_command->fallthrough();
  check->fallthrough();
  check->callback([&context, decrypt, check_as] {
    context.defer([&context, decrypt, check_as] { return run_store_check(context, *decrypt, *check_as); });
  });
}

}  // namespace station
