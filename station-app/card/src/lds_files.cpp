#include "station/card/lds_files.hpp"

#include <algorithm>

namespace station::card {

const std::vector<LdsFileInfo>& lds_files() {
  static const std::vector<LdsFileInfo> files{
      {LdsFile::kCardAccess, "EF.CardAccess", 0x011C, 0, 0, true},
      {LdsFile::kCom, "EF.COM", 0x011E, 0x60, 0, false},
      {LdsFile::kDg1, "DG1", 0x0101, 0x61, 1, false},
      {LdsFile::kDg2, "DG2", 0x0102, 0x75, 2, false},
      {LdsFile::kDg13, "DG13", 0x010D, 0x6D, 13, false},
      {LdsFile::kDg14, "DG14", 0x010E, 0x6E, 14, false},
      {LdsFile::kDg15, "DG15", 0x010F, 0x6F, 15, false},
      {LdsFile::kSod, "EF.SOD", 0x011D, 0x77, 0, false},
  };
  return files;
}

const LdsFileInfo& info(LdsFile file) {
  const auto& files = lds_files();
  return *std::find_if(files.begin(), files.end(), [file](const LdsFileInfo& i) { return i.file == file; });
}

std::optional<LdsFileInfo> find_by_fid(std::uint16_t fid) {
  for (const auto& i : lds_files())
    if (i.fid == fid) return i;
  return std::nullopt;
}

std::optional<LdsFileInfo> find_by_data_group(int data_group) {
  if (data_group == 0) return std::nullopt;
  for (const auto& i : lds_files())
    if (i.data_group == data_group) return i;
  return std::nullopt;
}

}  // namespace station::card
