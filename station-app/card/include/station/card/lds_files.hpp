// The files of the ICAO Doc 9303 LDS this station writes (card.md), with
// their file identifiers and outer tags (Doc 9303 part 10).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "station/cms/tlv.hpp"

namespace station::card {

// The LDS1 eMRTD application.
inline const hal::Bytes kEmrtdAid{0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};

enum class LdsFile { kCardAccess, kCom, kDg1, kDg2, kDg13, kDg14, kDg15, kSod };

struct LdsFileInfo {
  LdsFile file;
  const char* name;       // "DG1", "EF.SOD"
  std::uint16_t fid;      // 0101
  cms::Tag tag;              // outer tag (61 for DG1); 0 for EF.CardAccess, a bare SET
  int data_group;         // 0 for files that are not data groups
  bool in_master_file;    // EF.CardAccess lives in the MF, the rest in the application
};

const LdsFileInfo& info(LdsFile file);
// Every file the station writes, in the order it writes them (EF.SOD last).
const std::vector<LdsFileInfo>& lds_files();
std::optional<LdsFileInfo> find_by_fid(std::uint16_t fid);
std::optional<LdsFileInfo> find_by_data_group(int data_group);

}  // namespace station::card
