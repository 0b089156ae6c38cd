#include "station/card/simple_groups.hpp"

#include "station/cms/der.hpp"

namespace station::card {

// The card's files are TLV and DER, EF.SOD a CMS SignedData: the cms room's.
using namespace cms;

namespace {

constexpr Tag kComTag = 0x60;
constexpr Tag kLdsVersionTag = 0x5F01;
constexpr Tag kUnicodeVersionTag = 0x5F36;
constexpr Tag kTagListTag = 0x5C;
constexpr Tag kDg1Tag = 0x61;
constexpr Tag kMrzTag = 0x5F1F;
constexpr Tag kDg15Tag = 0x6F;

hal::Bytes ascii(const std::string& text) { return hal::Bytes(text.begin(), text.end()); }
std::string text_of(hal::ByteView v) { return std::string(v.begin(), v.end()); }

// The outer TLV of a whole file, with nothing after it.
hal::Result<Tlv> whole_file(hal::ByteView file, Tag tag, const std::string& what) {
  TlvReader reader(file, what);
  auto outer = reader.expect(tag);
  if (!outer) return outer;
  HAL_TRY(reader.expect_end());
  return outer;
}

}  // namespace

hal::Bytes build_ef_com(const std::vector<Tag>& data_group_tags) {
  hal::Bytes tags;
  for (Tag t : data_group_tags) {
    const hal::Bytes one = encode_tlv(t, {});
    tags.insert(tags.end(), one.begin(), one.end() - 1);  // the tag bytes without the zero length
  }
  return encode_tlv(kComTag, der::concat({encode_tlv(kLdsVersionTag, ascii("0107")),
                                           encode_tlv(kUnicodeVersionTag, ascii("040000")),
                                           encode_tlv(kTagListTag, tags)}));
}

hal::Result<EfCom> parse_ef_com(hal::ByteView file) {
  auto outer = whole_file(file, kComTag, "EF.COM");
  if (!outer) return outer.error();
  TlvReader reader(outer->value, "EF.COM");
  auto lds = reader.expect(kLdsVersionTag);
  if (!lds) return lds.error();
  auto unicode = reader.expect(kUnicodeVersionTag);
  if (!unicode) return unicode.error();
  auto list = reader.expect(kTagListTag);
  if (!list) return list.error();
  HAL_TRY(reader.expect_end());
  if (lds->value.size() != 4 || unicode->value.size() != 6) {
    return hal::make_error(hal::ErrorCode::kCorrupt, "EF.COM: LDS version must be 4 and Unicode version 6 digits");
  }
  EfCom com{text_of(lds->value), text_of(unicode->value), {}};
  // The tag list is tags back to back; one-byte tags for every LDS1 group.
  for (std::uint8_t b : list->value) com.data_group_tags.push_back(b);
  return com;
}

hal::Bytes build_dg1(const std::string& mrz) { return encode_tlv(kDg1Tag, encode_tlv(kMrzTag, ascii(mrz))); }

hal::Result<std::string> parse_dg1(hal::ByteView file) {
  auto outer = whole_file(file, kDg1Tag, "DG1");
  if (!outer) return outer.error();
  TlvReader reader(outer->value, "DG1");
  auto mrz = reader.expect(kMrzTag);
  if (!mrz) return mrz.error();
  HAL_TRY(reader.expect_end());
  return text_of(mrz->value);
}

hal::Bytes build_dg15(hal::ByteView subject_public_key_info) { return encode_tlv(kDg15Tag, subject_public_key_info); }

hal::Result<hal::Bytes> parse_dg15(hal::ByteView file) {
  auto outer = whole_file(file, kDg15Tag, "DG15");
  if (!outer) return outer.error();
  TlvReader reader(outer->value, "DG15");
  auto key = reader.expect(der::kSequence);
  if (!key) return key.error();
  HAL_TRY(reader.expect_end());
  return hal::Bytes(key->encoded.begin(), key->encoded.end());
}

}  // namespace station::card
