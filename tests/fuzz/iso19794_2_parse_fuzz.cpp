// libFuzzer target: the ISO/IEC 19794-2 finger minutiae record reader on
// arbitrary bytes. A record it accepts must write back and read again to the
// same contents (angles are stored in record units, so they survive exactly).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "station/biometrics/iso19794_2.hpp"

namespace iso = station::biometrics::iso19794_2;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto record = iso::parse(hal::ByteView(data, size));
  if (!record) return 0;
  auto bytes = iso::encode(*record);
  if (!bytes) std::abort();  // the reader accepted what the writer refuses
  auto again = iso::parse(*bytes);
  if (!again || again->views.size() != record->views.size()) std::abort();
  for (std::size_t v = 0; v < record->views.size(); ++v) {
    const auto& a = record->views[v].minutiae;
    const auto& b = again->views[v].minutiae;
    if (a.size() != b.size()) std::abort();
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].x != b[i].x || a[i].y != b[i].y || a[i].type != b[i].type || a[i].angle != b[i].angle) std::abort();
    }
  }
  return 0;
}
