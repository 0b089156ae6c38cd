#include "station/card/security_infos.hpp"

#include "station/cms/der.hpp"
#include "station/cms/tlv.hpp"

namespace station::card {

// The card's files are TLV and DER, EF.SOD a CMS SignedData: the cms room's.
using namespace cms;

namespace {

constexpr Tag kDg14Tag = 0x6E;

hal::Bytes pace_info(const PaceInfo& p) {
  return der::sequence({der::oid(p.protocol), der::integer(p.version), der::integer(p.parameter_id)});
}

hal::Error corrupt(const std::string& what, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kCorrupt, what + ": " + why);
}

hal::Result<std::int64_t> integer_of(TlvReader& r) {
  auto tlv = r.expect(der::kInteger);
  if (!tlv) return tlv.error();
  return der::read_small_integer(tlv->value, r.what());
}

// One SecurityInfo: SEQUENCE { protocol OID, requiredData, optionalData }.
hal::Status read_info(const Tlv& info, const std::string& what, ChipSecurity& out) {
  TlvReader r(info.value, what);
  auto protocol_tlv = r.expect(der::kOid);
  if (!protocol_tlv) return protocol_tlv.error();
  auto protocol = der::read_oid(protocol_tlv->value, what);
  if (!protocol) return protocol.error();
  if (protocol->rfind("0.4.0.127.0.7.2.2.4.", 0) == 0) {
    PaceInfo pace{*protocol, 0, 0};
    auto version = integer_of(r);
    if (!version) return version.error();
    pace.version = static_cast<int>(*version);
    if (!r.at_end()) {
      auto parameter = integer_of(r);
      if (!parameter) return parameter.error();
      pace.parameter_id = static_cast<int>(*parameter);
    }
    out.pace.push_back(pace);
  } else if (*protocol == kIdPkEcdh) {
    auto key = r.expect(der::kSequence);
    if (!key) return key.error();
    out.ca_public_key.assign(key->encoded.begin(), key->encoded.end());
    if (!r.at_end()) {
      auto id = integer_of(r);
      if (!id) return id.error();
      out.ca_key_id = static_cast<int>(*id);
    }
  } else if (*protocol == kIdActiveAuthentication) {
    auto version = integer_of(r);
    if (!version) return version.error();
    auto algorithm = r.expect(der::kOid);
    if (!algorithm) return algorithm.error();
    auto name = der::read_oid(algorithm->value, what);
    if (!name) return name.error();
    out.aa_signature_algorithm = *name;
  }
  return {};
}

}  // namespace

hal::Bytes build_security_infos(const ChipSecurity& s) {
  std::vector<hal::Bytes> infos;
  for (const auto& p : s.pace) infos.push_back(pace_info(p));
  if (!s.ca_public_key.empty()) {
    infos.push_back(der::sequence({der::oid(kIdCaEcdhAesCbcCmac128), der::integer(1), der::integer(s.ca_key_id)}));
    infos.push_back(der::sequence({der::oid(kIdPkEcdh), s.ca_public_key, der::integer(s.ca_key_id)}));
  }
  if (!s.aa_signature_algorithm.empty()) {
    infos.push_back(
        der::sequence({der::oid(kIdActiveAuthentication), der::integer(1), der::oid(s.aa_signature_algorithm)}));
  }
  return der::set_of(std::move(infos));
}

hal::Bytes build_card_access(const std::vector<PaceInfo>& pace) { return build_security_infos({pace, {}, 1, {}}); }

hal::Bytes build_dg14(const ChipSecurity& security) { return encode_tlv(kDg14Tag, build_security_infos(security)); }

hal::Result<ChipSecurity> parse_security_infos(hal::ByteView set, const std::string& what) {
  TlvReader outer(set, what);
  auto infos = outer.expect(der::kSet);
  if (!infos) return infos.error();
  HAL_TRY(outer.expect_end());
  ChipSecurity out;
  TlvReader r(infos->value, what);
  while (!r.at_end()) {
    auto info = r.expect(der::kSequence);
    if (!info) return info.error();
    HAL_TRY(read_info(*info, what, out));
  }
  if (out.pace.empty() && out.ca_public_key.empty() && out.aa_signature_algorithm.empty()) {
    return corrupt(what, "no SecurityInfo this station knows");
  }
  return out;
}

hal::Result<ChipSecurity> parse_card_access(hal::ByteView file) { return parse_security_infos(file, "EF.CardAccess"); }

hal::Result<ChipSecurity> parse_dg14(hal::ByteView file) {
  TlvReader outer(file, "DG14");
  auto dg14 = outer.expect(kDg14Tag);
  if (!dg14) return dg14.error();
  HAL_TRY(outer.expect_end());
  return parse_security_infos(dg14->value, "DG14");
}

}  // namespace station::card
