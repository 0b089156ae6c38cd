// Station and batch ids (station/ids.hpp): the syntax refuses every id whose
// sequence the manifest reader would refuse or spell otherwise.
#include <string>
#include <vector>

#include "station/ids.hpp"
#include "cmocka.hpp"

namespace {

void batch_ids_as_batch_id_for_writes_them_pass(void**) {
  for (const char* id : {"field-01-000001", "field-01-000042", "a-999999", "field-01-1000000",
                         "district-01-9223372036854775807"}) {
    auto ok = station::check_batch_id(id, "batch");
    if (!ok) fail_msg("%s refused: %s", id, ok.error().message.c_str());
  }
}

void sequences_the_manifest_refuses_are_refused(void**) {
  const std::vector<std::string> bad{
      "field-01-9223372036854775808",  // int64 maximum + 1
      "field-01-9999999999999999999",  // 19 nines
      "field-01-99999999999999999999", // 20 digits
      "field-01-000000",               // below 1
      "field-01-0000001",              // padded past 6 digits: a second spelling of 000001
      "field-01-00001",                // under 6 digits
      "field-01-+00001", "field-01-00001a", "field-01-", "-000001", "field-01000001", "../x-000001", ""};
  for (const auto& id : bad) {
    auto ok = station::check_batch_id(id, "the manifest's batch");
    if (ok) fail_msg("'%s' passed as a batch id", id.c_str());
    if (ok.error().message.find("the manifest's batch") == std::string::npos ||
        ok.error().message.find("is not a batch id") == std::string::npos)
      fail_msg("'%s': %s", id.c_str(), ok.error().message.c_str());
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(batch_ids_as_batch_id_for_writes_them_pass),
      cmocka_unit_test(sequences_the_manifest_refuses_are_refused),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
