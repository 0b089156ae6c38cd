#include "station/card/card_reader.hpp"

#include <algorithm>

#include "station/card/access/ec_math.hpp"
#include "station/card/card_files.hpp"
#include "station/card/security_infos.hpp"
#include "station/card/simple_groups.hpp"

namespace station::card {

namespace {

// The curve of the first PACEInfo for the suite the station runs.
std::optional<access::PaceCurve> offered_curve(const ChipSecurity& security) {
  for (const auto& p : security.pace) {
    if (p.protocol != kIdPaceEcdhGmAesCbcCmac128) continue;
    if (auto curve = access::pace_curve(p.parameter_id)) return *curve;
  }
  return std::nullopt;
}

hal::Result<CardFile> read_one(CardFiles& files, const LdsFileInfo& which) {
  auto size = files.select(which.fid, which.name);
  if (!size) return size.error();
  auto content = files.read_tlv_file(which.name);
  if (!content) return content.error();
  return CardFile{which.file, std::move(*content)};
}

}  // namespace

hal::Result<ReaderAccess> open_as_reader(hal::CardTerminal& terminal, const access::AccessKey& key,
                                         access::AccessMethod method) {
  ReaderAccess out;
  auto card_access = access::read_card_access(terminal);
  if (!card_access) return card_access.error();
  std::optional<access::PaceCurve> curve;
  if (*card_access) {
    out.card_access = std::move(**card_access);
    auto security = parse_card_access(out.card_access);
    if (!security) return security.error();
    curve = offered_curve(*security);
  }
  auto channel = access::open_secure_channel(terminal, key, curve, method);
  if (!channel) return channel.error();
  out.channel = std::move(*channel);
  return out;
}

hal::Result<std::vector<CardFile>> read_lds(hal::CardTerminal& channel) {
  CardFiles files(channel);
  HAL_TRY(files.refresh_capabilities());
  auto com = read_one(files, info(LdsFile::kCom));
  if (!com) return com.error();
  auto listed = parse_ef_com(com->content);
  if (!listed) return listed.error();
  std::vector<CardFile> out{std::move(*com)};
  for (const auto& which : lds_files()) {
    if (which.data_group == 0) continue;
    const bool present = std::find(listed->data_group_tags.begin(), listed->data_group_tags.end(), which.tag) !=
                         listed->data_group_tags.end();
    if (!present) continue;
    auto group = read_one(files, which);
    if (!group) return group.error();
    out.push_back(std::move(*group));
  }
  auto sod = read_one(files, info(LdsFile::kSod));
  if (!sod) return sod.error();
  out.push_back(std::move(*sod));
  return out;
}

}  // namespace station::card
