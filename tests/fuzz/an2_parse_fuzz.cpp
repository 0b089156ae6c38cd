// libFuzzer target: the ANSI/NIST-ITL reader on arbitrary bytes, and the
// WSQ header reader on every image it finds. Seeds in corpus/an2_parse/ are
// small transactions from our writer and a hand-made Type-4 one.
#include <cstddef>
#include <cstdint>
#include <variant>

#include "station/biometrics/an2.hpp"
#include "station/biometrics/wsq.hpp"

namespace an2 = station::biometrics::an2;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto transaction = an2::parse(hal::ByteView(data, size));
  if (!transaction) return 0;
  for (const auto& record : transaction->records) {
    if (const auto* t4 = std::get_if<an2::Type4Record>(&record.body)) {
      (void)station::biometrics::wsq::inspect(t4->image);
    } else if (const auto* tagged = std::get_if<an2::TaggedRecord>(&record.body)) {
      for (const auto& field : tagged->fields) (void)field.subfields();
      const an2::Field* image = tagged->find(999);
      if (image) {
        (void)station::biometrics::wsq::inspect(
            hal::ByteView(reinterpret_cast<const std::uint8_t*>(image->value.data()), image->value.size()));
      }
    }
  }
  return 0;
}
