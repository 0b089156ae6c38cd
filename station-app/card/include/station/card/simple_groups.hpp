// The small LDS files: EF.COM, DG1 (the MRZ) and DG15 (the Active
// Authentication public key). Doc 9303 part 10 sections 4.6 and 4.7.
#pragma once

#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/cms/tlv.hpp"

namespace station::card {

// EF.COM: 60 { 5F01 "0107" (LDS 1.7), 5F36 "040000" (Unicode 4.0.0), 5C tags }.
hal::Bytes build_ef_com(const std::vector<cms::Tag>& data_group_tags);
struct EfCom {
  std::string lds_version;      // "0107"
  std::string unicode_version;  // "040000"
  std::vector<cms::Tag> data_group_tags;
};
hal::Result<EfCom> parse_ef_com(hal::ByteView file);

// DG1: 61 { 5F1F <90 MRZ characters> }.
hal::Bytes build_dg1(const std::string& mrz);
// The MRZ characters (not yet checked: parse_td1 does that). kCorrupt.
hal::Result<std::string> parse_dg1(hal::ByteView file);

// DG15: 6F { SubjectPublicKeyInfo }.
hal::Bytes build_dg15(hal::ByteView subject_public_key_info);
hal::Result<hal::Bytes> parse_dg15(hal::ByteView file);

}  // namespace station::card
