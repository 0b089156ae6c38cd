// A dossier as the registry receives it follows the station's one ANSI/NIST
// profile: the same TOT, 2.084 and 2.085 as the ten-print file of `station
// capture`, and 2.212 the store's sealed hash as it was handed over.
#include <cstdlib>

#include "hal/bytes.hpp"
#include "station/biometrics/an2.hpp"
#include "station/sync/registry_record.hpp"
#include "cmocka.hpp"

namespace {

namespace an2 = station::biometrics::an2;
namespace dossier = station::dossier;

dossier::Capture print_of(std::uint8_t fill) {
  dossier::Capture c;
  c.width = 64;
  c.height = 64;
  c.ppi = 500;
  c.image = hal::Bytes(40, fill);
  c.quality = 70;
  return c;
}

dossier::Dossier with_exceptions() {
  dossier::Dossier d;
  d.id = "D-1";
  d.station_id = "field-01";
  d.officer_id = "CA-0412";
  d.supervisor_id = "SUP-1";
  d.demographics.full_name = "Nguyễn Văn An";
  d.demographics.personal_id = "001089012345";
  d.demographics.date_of_birth = {1989, 0, 0};
  d.demographics.sex = dossier::Sex::kMale;
  for (int i = 0; i < dossier::kFingerCount; ++i)
    d.fingers[static_cast<std::size_t>(i)] = {dossier::FingerStatus::kCaptured, print_of(std::uint8_t(i))};
  d.fingers[3] = {dossier::FingerStatus::kAmputated, std::nullopt};
  d.fingers[6].capture->accepted_below_threshold = true;
  return d;
}

const an2::TaggedRecord& tagged(const an2::Transaction& t, int type) {
  for (const auto& r : t.records)
    if (r.type == type) return std::get<an2::TaggedRecord>(r.body);
  fail_msg("no Type-%d record", type);
  std::abort();
}

void the_registry_record_follows_the_station_profile(void**) {
  const hal::Bytes sealed_hash(32, 0xAB);
  auto record = station::sync::registry_record(with_exceptions(), sealed_hash, "REG");
  ASSERT_OK(record);
  auto parsed = an2::parse(*record);
  ASSERT_OK(parsed);
  assert_string_equal(tagged(*parsed, 1).text(4).c_str(), "NIDE");
  const auto& type2 = tagged(*parsed, 2);
  assert_string_equal(type2.text(84).c_str(), "4\x1FXX");
  assert_string_equal(type2.text(85).c_str(), "4\x1FXX\x1FSUP-1\x1E" "7\x1FKEPT\x1FSUP-1");
  assert_string_equal(type2.text(212).c_str(), hal::to_hex(sealed_hash).c_str());
  auto summary = station::sync::read_registry_record(*record);
  ASSERT_OK(summary);
  assert_int_equal(summary->fingers, 9);
  assert_int_equal(summary->missing, 1);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(the_registry_record_follows_the_station_profile),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
