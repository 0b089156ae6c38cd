// `enroll --from FILE.json` comes from outside the station: any bytes must
// give the citizen's fields or an error naming the file, never an exception
// (a nlohmann::json type_error escaping would end the program).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "station/workflow/enrollment_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = station::workflow::parse_enrollment_json(text, "fuzz.json");
  if (!file && file.error().message.rfind("fuzz.json", 0) != 0) std::abort();
  if (file && file->face.empty()) std::abort();
  return 0;
}
