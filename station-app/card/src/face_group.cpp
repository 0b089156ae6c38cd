#include "station/card/face_group.hpp"

#include "station/cms/der.hpp"
#include "station/biometrics/jpeg2000.hpp"
#include "station/cms/tlv.hpp"

namespace station::card {

// The card's files are TLV and DER, EF.SOD a CMS SignedData: the cms room's.
using namespace cms;

namespace {

constexpr std::size_t kRecordHeaderSize = 14;
constexpr std::size_t kFacialInformationSize = 20;
constexpr std::size_t kFeaturePointSize = 8;
constexpr std::size_t kImageInformationSize = 12;
constexpr std::uint8_t kColourSpaceRgb24 = 1;
constexpr std::uint8_t kColourSpaceGrey8 = 3;
constexpr std::uint8_t kSourceDigitalStill = 2;

// Doc 9303 part 10 section 4.7.2: the CBEFF templates around the record.
constexpr Tag kDg2Tag = 0x75;
constexpr Tag kGroupTemplate = 0x7F61;
constexpr Tag kInstanceCount = 0x02;
constexpr Tag kInformationTemplate = 0x7F60;
constexpr Tag kHeaderTemplate = 0xA1;
constexpr Tag kDataBlock = 0x5F2E;
constexpr Tag kHeaderVersion = 0x80;
constexpr Tag kBiometricType = 0x81;
constexpr Tag kFormatOwner = 0x87;
constexpr Tag kFormatType = 0x88;
constexpr std::uint8_t kFacialFeatures = 0x02;
// ISO/IEC JTC 1/SC 37 owns the format; 0008 is the 19794-5 face image.
const hal::Bytes kSc37{0x01, 0x01};
const hal::Bytes kFaceImageFormat{0x00, 0x08};

void put16(hal::Bytes& out, std::size_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put32(hal::Bytes& out, std::size_t v) {
  put16(out, v >> 16);
  put16(out, v & 0xFFFF);
}
std::uint32_t get(hal::ByteView in, std::size_t at, std::size_t count) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < count; ++i) v = v << 8 | in[at + i];
  return v;
}

hal::Error corrupt(const std::string& why) { return hal::make_error(hal::ErrorCode::kCorrupt, "DG2: " + why); }

std::uint8_t gender_code(Sex sex) { return sex == Sex::kMale ? 1 : sex == Sex::kFemale ? 2 : 0; }

hal::Status check_cbeff_header(hal::ByteView header) {
  TlvReader reader(header, "DG2 biometric header");
  bool owner_ok = false, type_ok = false;
  while (!reader.at_end()) {
    auto tlv = reader.next();
    if (!tlv) return tlv.error();
    if (tlv->tag == kFormatOwner) owner_ok = std::equal(tlv->value.begin(), tlv->value.end(), kSc37.begin(), kSc37.end());
    if (tlv->tag == kFormatType)
      type_ok = std::equal(tlv->value.begin(), tlv->value.end(), kFaceImageFormat.begin(), kFaceImageFormat.end());
  }
  if (!owner_ok || !type_ok) return corrupt("biometric header does not name an ISO/IEC 19794-5 face image (87 0101, 88 0008)");
  return {};
}

}  // namespace

hal::Bytes build_face_record(const FaceRecord& face) {
  const std::size_t block = kFacialInformationSize + kImageInformationSize + face.image.size();
  hal::Bytes r{'F', 'A', 'C', 0, '0', '1', '0', 0};
  put32(r, kRecordHeaderSize + block);
  put16(r, 1);  // one facial image
  put32(r, block);
  put16(r, 0);  // no feature points
  r.push_back(gender_code(face.sex));
  r.insert(r.end(), {0, 0});        // eye and hair colour unspecified
  r.insert(r.end(), {0, 0, 0});     // property mask
  r.insert(r.end(), {0, 0});        // expression unspecified
  r.insert(r.end(), {0, 0, 0});     // pose angles unspecified
  r.insert(r.end(), {0, 0, 0});     // their uncertainty
  r.push_back(static_cast<std::uint8_t>(face.image_type));
  r.push_back(static_cast<std::uint8_t>(face.data_type));
  put16(r, face.width);
  put16(r, face.height);
  r.push_back(face.grey ? kColourSpaceGrey8 : kColourSpaceRgb24);
  r.push_back(kSourceDigitalStill);
  put16(r, 0);  // device type
  put16(r, 0);  // quality
  r.insert(r.end(), face.image.begin(), face.image.end());
  return r;
}

hal::Result<FaceRecord> parse_face_record(hal::ByteView r) {
  if (r.size() < kRecordHeaderSize + kFacialInformationSize + kImageInformationSize) {
    return corrupt("facial record of " + std::to_string(r.size()) + " bytes is shorter than its headers");
  }
  static const std::uint8_t kMagic[] = {'F', 'A', 'C', 0, '0', '1', '0', 0};
  if (!std::equal(std::begin(kMagic), std::end(kMagic), r.begin())) return corrupt("not an ISO/IEC 19794-5 'FAC 010' record");
  if (get(r, 8, 4) != r.size()) {
    return corrupt("record length field says " + std::to_string(get(r, 8, 4)) + ", the record has " +
                   std::to_string(r.size()) + " bytes");
  }
  if (get(r, 12, 2) == 0) return corrupt("record holds no facial image");
  const std::size_t at = kRecordHeaderSize;
  const std::size_t block = get(r, at, 4);
  const std::size_t points = get(r, at + 4, 2);
  const std::size_t fixed = kFacialInformationSize + points * kFeaturePointSize + kImageInformationSize;
  if (block > r.size() - at || block < fixed) return corrupt("facial record data length " + std::to_string(block) + " does not fit the record");
  FaceRecord face;
  const std::uint8_t gender = r[at + 6];
  face.sex = gender == 1 ? Sex::kMale : gender == 2 ? Sex::kFemale : Sex::kUnknown;
  const std::size_t image_info = at + kFacialInformationSize + points * kFeaturePointSize;
  if (r[image_info] > 2 || r[image_info + 1] > 1) return corrupt("unknown face image type or image data type");
  face.image_type = static_cast<FaceImageType>(r[image_info]);
  face.data_type = static_cast<ImageDataType>(r[image_info + 1]);
  face.width = static_cast<std::uint16_t>(get(r, image_info + 2, 2));
  face.height = static_cast<std::uint16_t>(get(r, image_info + 4, 2));
  face.grey = r[image_info + 6] == kColourSpaceGrey8;
  const std::size_t image_start = image_info + kImageInformationSize;
  face.image.assign(r.begin() + static_cast<std::ptrdiff_t>(image_start),
                    r.begin() + static_cast<std::ptrdiff_t>(at + block));
  if (face.image.empty()) return corrupt("facial image has no data");
  return face;
}

hal::Bytes build_dg2(const FaceRecord& face) {
  const hal::Bytes header = der::concat({encode_tlv(kHeaderVersion, hal::Bytes{0x01, 0x01}),
                                         encode_tlv(kBiometricType, hal::Bytes{kFacialFeatures}),
                                         encode_tlv(kFormatOwner, kSc37), encode_tlv(kFormatType, kFaceImageFormat)});
  const hal::Bytes information =
      encode_tlv(kInformationTemplate,
                 der::concat({encode_tlv(kHeaderTemplate, header), encode_tlv(kDataBlock, build_face_record(face))}));
  return encode_tlv(kDg2Tag, encode_tlv(kGroupTemplate, der::concat({encode_tlv(kInstanceCount, hal::Bytes{1}),
                                                                       information})));
}

hal::Result<FaceRecord> parse_dg2(hal::ByteView file) {
  TlvReader outer(file, "DG2");
  auto dg2 = outer.expect(kDg2Tag);
  if (!dg2) return dg2.error();
  HAL_TRY(outer.expect_end());
  TlvReader group_reader(dg2->value, "DG2");
  auto group = group_reader.expect(kGroupTemplate);
  if (!group) return group.error();
  TlvReader inside(group->value, "DG2 biometric group");
  auto count = inside.expect(kInstanceCount);
  if (!count) return count.error();
  if (count->value.size() != 1 || count->value[0] == 0) return corrupt("biometric group names no instances");
  auto info = inside.expect(kInformationTemplate);
  if (!info) return info.error();
  TlvReader template_reader(info->value, "DG2 biometric template");
  auto header = template_reader.expect(kHeaderTemplate);
  if (!header) return header.error();
  HAL_TRY(check_cbeff_header(header->value));
  auto data = template_reader.expect(kDataBlock);
  if (!data) return data.error();
  return parse_face_record(data->value);
}

hal::Result<hal::Bytes> make_dg2_from_jpeg2000(hal::ByteView coded, const biometrics::RawImage& decoded, Sex sex) {
  if (decoded.width > 0xFFFF || decoded.height > 0xFFFF) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "face image: wider or taller than 65 535 pixels");
  }
  FaceRecord record;
  record.sex = sex;
  record.width = static_cast<std::uint16_t>(decoded.width);
  record.height = static_cast<std::uint16_t>(decoded.height);
  record.grey = decoded.channels == 1;
  record.image.assign(coded.begin(), coded.end());
  hal::Bytes dg2 = build_dg2(record);
  if (dg2.size() > kMaxDg2Size) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "face image: DG2 would take " + std::to_string(dg2.size()) + " bytes, more than the " +
                               std::to_string(kMaxDg2Size) + " a card file holds; lower the image size target");
  }
  return dg2;
}

hal::Result<hal::Bytes> make_dg2(const biometrics::RawImage& face, Sex sex, std::size_t target_bytes) {
  if (face.width > 0xFFFF || face.height > 0xFFFF) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "face image: wider or taller than 65 535 pixels");
  }
  auto coded = biometrics::encode_jpeg2000(face, target_bytes);
  if (!coded) return coded.error();
  return make_dg2_from_jpeg2000(*coded, face, sex);
}

}  // namespace station::card
