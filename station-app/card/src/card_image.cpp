#include "station/card/card_image.hpp"

#include <algorithm>

#include "station/card/card_files.hpp"
#include "station/card/chip_keys.hpp"
#include "station/cms/der.hpp"
#include "station/card/dg13.hpp"
#include "station/cms/digests.hpp"
#include "station/card/face_group.hpp"
#include "station/card/mrz.hpp"
#include "station/card/security_infos.hpp"
#include "station/card/simple_groups.hpp"
#include "station/card/sod.hpp"

namespace station::card {

// The card's files are TLV and DER, EF.SOD a CMS SignedData: the cms room's.
using namespace cms;

namespace {

constexpr const char* kSha1 = "1.3.14.3.2.26";
constexpr std::uint8_t kImageVersion = 1;

// The MRZ information (Doc 9303 part 11 section 9.7.2) cut straight from the
// TD1 lines: document number and check digit, date of birth and check
// digit, date of expiry and check digit. Partial dates keep their fillers.
std::string mrz_information(const Td1Mrz& mrz) {
  return mrz.lines[0].substr(5, 10) + mrz.lines[1].substr(0, 7) + mrz.lines[1].substr(8, 7);
}

hal::Bytes ascii(const std::string& s) { return hal::Bytes(s.begin(), s.end()); }

hal::Bytes two_bytes(std::uint16_t v) { return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)}; }

struct ChipKeys {
  ChipKeyPair active_authentication;
  ChipKeyPair chip_authentication;
};

hal::Result<ChipKeys> make_chip_keys() {
  auto aa = generate_chip_key(ChipKeyKind::kEcP256);
  if (!aa) return aa.error();
  auto ca = generate_chip_key(ChipKeyKind::kEcP256);
  if (!ca) return ca.error();
  return ChipKeys{std::move(*aa), std::move(*ca)};
}

std::vector<PaceInfo> pace_offer() { return {PaceInfo{kIdPaceEcdhGmAesCbcCmac128, 2, kParamBrainpoolP256r1}}; }

std::vector<DataGroupHash> hashes_of(const std::vector<CardFile>& files) {
  std::vector<DataGroupHash> hashes;
  for (const auto& f : files) {
    const int n = info(f.file).data_group;
    if (n != 0) hashes.push_back({n, sha256(f.content)});
  }
  return hashes;
}

hal::Error corrupt(const std::string& why) { return hal::make_error(hal::ErrorCode::kCorrupt, "card image: " + why); }

// A dossier's face was coded once, at enrollment: DG2 takes those bytes. One
// too large for a card file (a dossier coded at a larger target) and a face
// given as pixels are coded here, at the card's target.
hal::Result<hal::Bytes> face_dg2(const CardHolderData& holder, std::size_t target_bytes) {
  if (!holder.face_jpeg2000.empty()) {
    auto as_enrolled = make_dg2_from_jpeg2000(holder.face_jpeg2000, holder.face, holder.sex);
    if (as_enrolled) return as_enrolled;
  }
  return make_dg2(holder.face, holder.sex, target_bytes);
}

}  // namespace

const CardFile* CardImage::find(LdsFile file) const {
  auto it = std::find_if(files.begin(), files.end(), [file](const CardFile& f) { return f.file == file; });
  return it == files.end() ? nullptr : &*it;
}

const CardSecret* CardImage::secret(std::uint16_t tag) const {
  auto it = std::find_if(secrets.begin(), secrets.end(), [tag](const CardSecret& s) { return s.tag == tag; });
  return it == secrets.end() ? nullptr : &*it;
}

std::size_t CardImage::total_file_bytes() const {
  std::size_t total = 0;
  for (const auto& f : files) total += f.content.size();
  return total;
}

std::map<int, hal::Bytes> data_groups_of(const std::vector<CardFile>& files) {
  std::map<int, hal::Bytes> groups;
  for (const auto& f : files)
    if (info(f.file).data_group != 0) groups[info(f.file).data_group] = f.content;
  return groups;
}

hal::Result<CardImage> build_card_image(const CardHolderData& holder, const ImageOptions& options) {
  HAL_TRY(validate(holder));
  auto mrz = make_td1(holder);
  if (!mrz) return mrz.error();
  auto national = national_data_of(holder);
  if (!national) return national.error();
  auto face = face_dg2(holder, options.face_bytes);
  if (!face) return face.error();
  auto keys = make_chip_keys();
  if (!keys) return keys.error();

  ChipSecurity security{pace_offer(), keys->chip_authentication.public_key, 1, kEcdsaPlainSha256};
  CardImage image;
  image.mrz = mrz->text();
  image.document_number = effective_document_number(holder);
  image.files = {
      {LdsFile::kCardAccess, build_card_access(pace_offer())},
      {LdsFile::kCom, build_ef_com({0x61, 0x75, 0x6D, 0x6E, 0x6F})},
      {LdsFile::kDg1, build_dg1(image.mrz)},
      {LdsFile::kDg2, std::move(*face)},
      {LdsFile::kDg13, build_dg13(*national)},
      {LdsFile::kDg14, build_dg14(security)},
      {LdsFile::kDg15, build_dg15(keys->active_authentication.public_key)},
  };
  const std::time_t now = options.signing_time ? options.signing_time : std::time(nullptr);
  auto sod = build_sod(hashes_of(image.files), {options.keys, options.signer_key, now});
  if (!sod) return sod.error();
  image.files.push_back({LdsFile::kSod, std::move(*sod)});

  auto mrz_key = digest(kSha1, ascii(mrz_information(*mrz)));
  if (!mrz_key) return mrz_key.error();
  image.secrets = {
      {data_object::kMrzKey, "MRZ key", std::move(*mrz_key)},
      {data_object::kCan, "CAN", ascii(holder.can)},
      {data_object::kAaPrivateKey, "Active Authentication key", std::move(keys->active_authentication.private_key)},
      {data_object::kCaPrivateKey, "Chip Authentication key", std::move(keys->chip_authentication.private_key)},
  };
  return image;
}

hal::Bytes serialize_image(const CardImage& image) {
  std::vector<hal::Bytes> parts{encode_tlv(0x80, hal::Bytes{kImageVersion}), encode_tlv(0x81, ascii(image.mrz)),
                                encode_tlv(0x82, ascii(image.document_number))};
  for (const auto& f : image.files) {
    parts.push_back(encode_tlv(0xA3, der::concat({encode_tlv(0x80, two_bytes(info(f.file).fid)),
                                                  encode_tlv(0x81, f.content)})));
  }
  for (const auto& s : image.secrets) {
    parts.push_back(encode_tlv(0xA4, der::concat({encode_tlv(0x80, two_bytes(s.tag)), encode_tlv(0x81, ascii(s.name)),
                                                  encode_tlv(0x82, s.value)})));
  }
  return der::sequence(parts);
}

hal::Result<CardImage> parse_image(hal::ByteView bytes) {
  TlvReader outer(bytes, "card image");
  auto all = outer.expect(der::kSequence);
  if (!all) return all.error();
  HAL_TRY(outer.expect_end());
  TlvReader r(all->value, "card image");
  auto version = r.expect(0x80);
  if (!version) return version.error();
  if (version->value.size() != 1 || version->value[0] != kImageVersion) return corrupt("unknown version");
  auto mrz = r.expect(0x81);
  auto number = mrz ? r.expect(0x82) : mrz;
  if (!number) return number.error();
  CardImage image;
  image.mrz.assign(mrz->value.begin(), mrz->value.end());
  image.document_number.assign(number->value.begin(), number->value.end());
  while (!r.at_end()) {
    auto item = r.next();
    if (!item) return item.error();
    TlvReader fields(item->value, "card image");
    auto id = fields.expect(0x80);
    if (!id) return id.error();
    if (id->value.size() != 2) return corrupt("malformed identifier");
    const auto value16 = static_cast<std::uint16_t>(id->value[0] << 8 | id->value[1]);
    if (item->tag == 0xA3) {
      auto content = fields.expect(0x81);
      if (!content) return content.error();
      auto which = find_by_fid(value16);
      if (!which) return corrupt("unknown file");
      image.files.push_back({which->file, hal::Bytes(content->value.begin(), content->value.end())});
    } else if (item->tag == 0xA4) {
      auto name = fields.expect(0x81);
      auto value = name ? fields.expect(0x82) : name;
      if (!value) return value.error();
      image.secrets.push_back({value16, std::string(name->value.begin(), name->value.end()),
                               hal::Bytes(value->value.begin(), value->value.end())});
    } else {
      return corrupt("unknown entry");
    }
  }
  if (image.files.empty() || image.files.back().file != LdsFile::kSod) return corrupt("EF.SOD is not the last file");
  return image;
}

}  // namespace station::card
