// Nothing stranded (issue 14 point 7), as officers meet it: the registry's
// signed receipt refuses a dossier, `station sync status` names it with the
// registry's reason, an officer corrects it (`station dossier correct`), an
// officer may not re-seal it, a supervisor does (`station dossier reseal`),
// and it then leaves in a new batch and is delivered exactly once.
#include <nlohmann/json.hpp>

#include <fstream>

#include "cmocka.hpp"
#include "officer_desk.hpp"
#include "station/biometrics/image_io.hpp"
#include "station/workflow/face.hpp"
#include "subprocess.hpp"
#include "sync_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using station::store::DossierState;
using testing_support::contains;

constexpr const char* kReason = "1.018 date of birth is not a calendar date";
constexpr std::uint64_t kTechFinger = 11, kOfficerFinger = 22, kSupervisorFinger = 55;

void expect_exit(const testing_support::RunResult& r, int code) {
  if (r.exit_code != code) fail_msg("exit %d, wanted %d\nstdout: %s\nstderr: %s", r.exit_code, code, r.out.c_str(), r.err.c_str());
}

void expect_in(const std::string& text, const std::string& words) {
  if (!contains(text, words)) fail_msg("'%s' not in:\n%s", words.c_str(), text.c_str());
}

// The registry's receipt for the station's newest batch, applied as an upload would.
void receipt_for_newest(sync_test::Station& s, const std::vector<std::string>& accepted,
                        const std::vector<std::pair<std::string, std::string>>& rejected) {
  auto batches = s.store->list_batches(true);
  ASSERT_OK(batches);
  assert_int_equal(batches->size(), 1);
  auto cms = sync_test::registry_receipt(*s.store, s.name, batches->front().id, sync_test::pki() / "registry" / "keys",
                                         accepted, "registry-receipts", rejected);
  ASSERT_OK(s.sync->apply_receipt(cms, "upload"));
}

// The officer's correction: the example enrollment file and a face beside it.
fs::path write_correction(const fs::path& dir) {
  auto face = station::workflow::synthetic_face(3);
  hal::Bytes grey;
  for (std::size_t i = 0; i < face.pixels.size(); i += face.channels) grey.push_back(face.pixels[i]);
  auto image = station::biometrics::GreyImage::from_pixels(face.width, face.height, grey);
  ASSERT_OK(image);
  ASSERT_OK(station::biometrics::write_file(dir / "face.pgm", station::biometrics::encode_pgm(*image)));
  std::ifstream example(fs::path(EXAMPLES_DIR) / "enrollment.json");
  std::ofstream(dir / "correction.json") << example.rdbuf();
  return dir / "correction.json";
}

void close(sync_test::Station& s) {
  s.sync.reset();
  s.store.reset();
}

void a_refused_dossier_is_shown_corrected_resealed_and_delivered_once(void**) {
  auto field = sync_test::make_station("field-01");
  const auto ids = field->seal(2, 20000, 700);
  const std::string& kept = ids[0];
  const std::string& refused = ids[1];
  ASSERT_OK(field->sync->make_batches());
  receipt_for_newest(*field, {kept}, {{refused, kReason}});
  close(*field);

  const fs::path config = sync_test::write_config(
      *field, 0, 0, "[officers]\npin_hash_passes = 1\npin_hash_memory_kib = 1024\n");
  testing_support::OfficerDesk desk(STATION_BINARY, config.string(), field->dir.path());
  auto station = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {STATION_BINARY, "--config", config.string()});
    return testing_support::run(args);
  };
  auto status = station({"sync", "status"});
  expect_exit(status, 0);
  expect_in(status.out, "REJECTED by the registry in batch field-01-000001: dossier " + refused + ": " + kReason);
  auto doc = nlohmann::json::parse(station({"--json", "sync", "status"}).out);
  assert_int_equal(doc["rejected"].size(), 1);
  assert_string_equal(doc["rejected"][0]["dossier"].get<std::string>().c_str(), refused.c_str());
  assert_string_equal(doc["rejected"][0]["reason"].get<std::string>().c_str(), kReason);
  assert_int_equal(doc["dossiers_by_state"]["rejected"].get<int>(), 1);

  desk.add("TECH-01", "technician", "135790", kTechFinger);
  desk.add("SUP-01", "supervisor", "555555", kSupervisorFinger, "TECH-01", "135790", kTechFinger);
  desk.add("CA-0412", "officer", "246802", kOfficerFinger, "TECH-01", "135790", kTechFinger);
  desk.activate("CA-0412", "SUP-01", "555555", kSupervisorFinger);
  const std::string example = write_correction(field->dir.path());
  auto corrected = desk.run({"dossier", "correct", refused, "--from", example, "--as", "CA-0412"}, "246802\n",
                            {kOfficerFinger});
  expect_exit(corrected, 0);
  expect_in(corrected.out, "corrected by CA-0412");
  auto by_officer = desk.run({"dossier", "reseal", refused, "--as", "CA-0412"}, "246802\n", {kOfficerFinger});
  assert_int_not_equal(by_officer.exit_code, 0);
  expect_in(by_officer.err, "officer");
  auto by_supervisor = desk.run({"dossier", "reseal", refused, "--as", "SUP-01"}, "555555\n", {kSupervisorFinger});
  expect_exit(by_supervisor, 0);
  status = station({"sync", "status"});
  expect_exit(status, 0);
  assert_false(contains(status.out, "REJECTED"));
  expect_in(status.out, "1 sealed dossier waits to be batched");

  field->reopen();
  auto loaded = field->store->load(refused);
  ASSERT_OK(loaded);
  assert_string_equal(loaded->demographics.full_name.c_str(), "Nguyễn Văn An");
  auto made = field->sync->make_batches();
  ASSERT_OK(made);
  assert_int_equal(made->size(), 1);
  receipt_for_newest(*field, {refused}, {});
  assert_int_equal(static_cast<int>(field->store->summary(refused)->state), static_cast<int>(DossierState::kDelivered));
  auto second = field->store->batch_members(made->front());
  ASSERT_OK(second);
  assert_int_equal(second->size(), 1);
  assert_string_equal((*second)[0].outcome.c_str(), "accepted");
  assert_int_equal(field->store->count_by_state()->at(DossierState::kDelivered), 2);
  auto check = field->store->check(false);
  ASSERT_OK(check);
  if (!check->problems.empty()) fail_msg("store check: %s", check->problems.front().c_str());
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_refused_dossier_is_shown_corrected_resealed_and_delivered_once),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
