// Secure messaging parses what the card (or anyone on the wire) sends: the
// reader's unprotect_response, the simulated card's unprotect_command, and
// the GENERAL AUTHENTICATE templates must never crash, loop or read out of
// bounds. The first byte picks the target:
//   0  an SM response (SW1 SW2, then data) under appendix D's 3DES session
//   1  the same under an AES session
//   2  a protected command APDU, as the card receives it
//   3  a 7C dynamic authentication template
//   4  DO'87' contents wrapped with a valid MAC, so decryption and unpadding
//      are reached too
#include <cstdlib>

#include "station/card/access/bac.hpp"
#include "station/card/access/data_objects.hpp"
#include "station/card/access/pace.hpp"

namespace {

namespace access = station::card::access;

access::SmSession tdes_session() {
  const hal::Bytes k_ifd = hal::from_hex("0B795240CB7049B01C19B33E32804F0B").value();
  const hal::Bytes k_ic = hal::from_hex("0B4F80323EB3191CB04970CB4052790B").value();
  return access::bac_session(k_ifd, k_ic, hal::from_hex("4608F91988702212").value(),
                             hal::from_hex("781723860C06C226").value())
      .value();
}

access::SmSession aes_session() {
  return access::pace_session({hal::Bytes(16, 0x11), hal::Bytes(16, 0x22)}).value();
}

void response(access::SmSession session, hal::ByteView input) {
  if (input.size() < 2) return;
  const auto sw = static_cast<std::uint16_t>(input[0] << 8 | input[1]);
  auto plain = session.unprotect_response({hal::Bytes(input.begin() + 2, input.end()), sw});
  // Whatever passes must carry the status word that was under the MAC.
  if (plain && plain->sw != sw) std::abort();
}

void command(hal::ByteView input) {
  auto parsed = hal::CommandApdu::parse(input);
  if (!parsed) return;
  auto session = tdes_session();
  auto plain = session.unprotect_command(*parsed);
  if (plain && (plain->cla & 0x0C)) std::abort();
}

void template_7c(hal::ByteView input) {
  for (std::uint16_t tag : {0x80, 0x82, 0x84, 0x86}) (void)access::authentication_value(input, tag, "fuzz");
}

// The SSC the first response of tdes_session() is MACed with.
void valid_mac_around(hal::ByteView contents) {
  if (contents.size() > 4096) return;
  hal::Bytes objects = access::encode_object(0x87, contents);
  access::append_object(objects, 0x99, hal::Bytes{0x90, 0x00});
  hal::Bytes input = hal::from_hex("887022120C06C227").value();
  input.insert(input.end(), objects.begin(), objects.end());
  auto mac = access::retail_mac(hal::from_hex("F1CB1F1FB5ADF208806B89DC579DC1F8").value(), access::pad(input, 8));
  if (!mac) std::abort();
  mac->resize(8);
  access::append_object(objects, 0x8E, *mac);
  auto session = tdes_session();
  auto plain = session.unprotect_response({objects, 0x9000});
  // The MAC is right, so only the contents can be refused, and only as a
  // protocol or integrity error.
  if (!plain && plain.error().code != hal::ErrorCode::kProtocol && plain.error().code != hal::ErrorCode::kCorrupt)
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const hal::ByteView input(data + 1, size - 1);
  switch (data[0] % 5) {
    case 0: response(tdes_session(), input); break;
    case 1: response(aes_session(), input); break;
    case 2: command(input); break;
    case 3: template_7c(input); break;
    default: valid_mac_around(input); break;
  }
  return 0;
}
