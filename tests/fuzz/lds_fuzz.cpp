// Everything the card's files go through on their way in from a card:
// BER-TLV and DER, EF.COM, DG1 and the MRZ, DG2 (its CBEFF templates and the
// ISO/IEC 19794-5 record, not the JPEG 2000 codestream: OpenJPEG fuzzes its
// own decoder), DG13, DG14 and EF.CardAccess, DG15, EF.SOD with its
// LDSSecurityObject, and the journal's card image. None may crash, hang or
// leak; and what the strict TLV reader accepts must encode back to the same
// bytes.
#include <cstdlib>

#include "station/card/card_image.hpp"
#include "station/card/dg13.hpp"
#include "station/card/face_group.hpp"
#include "station/card/mrz.hpp"
#include "station/card/security_infos.hpp"
#include "station/card/simple_groups.hpp"
#include "station/card/sod.hpp"
#include "station/cms/tlv.hpp"

namespace {

using namespace station::card;
using namespace station::cms;

// A DER tree re-encoded from its parsed nodes must be the input again.
hal::Bytes reencode(const std::vector<TlvNode>& nodes) {
  hal::Bytes out;
  for (const auto& n : nodes) {
    const hal::Bytes value = n.tlv.constructed() ? reencode(n.children) : hal::Bytes(n.tlv.value.begin(), n.tlv.value.end());
    append_tlv(out, n.tlv.tag, value);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const hal::ByteView in(data, size);
  if (auto tree = parse_tlv_tree(in, LengthRule::kDer, "fuzz")) {
    if (reencode(*tree) != hal::Bytes(in.begin(), in.end())) std::abort();
  }
  (void)parse_tlv_tree(in, LengthRule::kBer, "fuzz");
  (void)parse_ef_com(in);
  if (auto mrz = parse_dg1(in)) (void)parse_td1(*mrz);
  (void)parse_td1(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)parse_dg2(in);
  (void)parse_face_record(in);
  (void)parse_dg13(in);
  (void)parse_dg14(in);
  (void)parse_card_access(in);
  (void)parse_dg15(in);
  (void)parse_sod(in);
  (void)parse_lds_security_object(in);
  (void)parse_image(in);
  return 0;
}
