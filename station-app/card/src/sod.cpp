#include "station/card/sod.hpp"

#include "station/cms/der.hpp"
#include "station/cms/digests.hpp"
#include "station/cms/signed_data.hpp"
#include "station/cms/tlv.hpp"

namespace station::card {

// The card's files are TLV and DER, EF.SOD a CMS SignedData: the cms room's.
using namespace cms;

namespace {

constexpr Tag kSodTag = 0x77;
constexpr const char* kSignedData = kSignedDataOid;

hal::Error corrupt(const std::string& what, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kCorrupt, what + ": " + why);
}

hal::Result<Tlv> next_of(TlvReader& r, Tag tag) { return r.expect(tag); }

hal::Result<LdsSecurityObject> read_security_object(hal::ByteView der_bytes) {
  const std::string what = "LDSSecurityObject";
  TlvReader outer(der_bytes, what);
  auto lso = outer.expect(der::kSequence);
  if (!lso) return lso.error();
  HAL_TRY(outer.expect_end());
  TlvReader r(lso->value, what);
  auto version = next_of(r, der::kInteger);
  if (!version) return version.error();
  auto v = der::read_small_integer(version->value, what);
  if (!v) return v.error();
  if (*v != 0 && *v != 1) return corrupt(what, "unknown version " + std::to_string(*v));
  auto algorithm = next_of(r, der::kSequence);
  if (!algorithm) return algorithm.error();
  TlvReader alg(algorithm->value, what);
  auto oid = alg.expect(der::kOid);
  if (!oid) return oid.error();
  LdsSecurityObject out;
  auto name = der::read_oid(oid->value, what);
  if (!name) return name.error();
  out.hash_algorithm = *name;
  auto list = next_of(r, der::kSequence);
  if (!list) return list.error();
  TlvReader entries(list->value, what);
  while (!entries.at_end()) {
    auto entry = entries.expect(der::kSequence);
    if (!entry) return entry.error();
    TlvReader e(entry->value, what);
    auto number = e.expect(der::kInteger);
    if (!number) return number.error();
    auto n = der::read_small_integer(number->value, what);
    if (!n) return n.error();
    if (*n < 1 || *n > 16) return corrupt(what, "data group number " + std::to_string(*n) + " is not 1-16");
    auto hash = e.expect(der::kOctetString);
    if (!hash) return hash.error();
    HAL_TRY(e.expect_end());
    for (const auto& seen : out.hashes)
      if (seen.data_group == *n) return corrupt(what, "DG" + std::to_string(*n) + " is listed twice");
    out.hashes.push_back({static_cast<int>(*n), hal::Bytes(hash->value.begin(), hash->value.end())});
  }
  if (out.hashes.empty()) return corrupt(what, "lists no data group");
  return out;
}

}  // namespace

hal::Bytes build_lds_security_object(const std::vector<DataGroupHash>& hashes) {
  std::vector<hal::Bytes> entries;
  for (const auto& h : hashes) entries.push_back(der::sequence({der::integer(h.data_group), der::octet_string(h.hash)}));
  return der::sequence({der::integer(0), der::algorithm(kSha256), der::sequence(entries)});
}

hal::Result<LdsSecurityObject> parse_lds_security_object(hal::ByteView der_bytes) {
  return read_security_object(der_bytes);
}

hal::Result<hal::Bytes> build_sod(const std::vector<DataGroupHash>& hashes, const SodSigner& signer) {
  auto content_info = build_signed_data(kLdsSecurityObjectOid, build_lds_security_object(hashes),
                                        {signer.keys, signer.key_id, signer.signing_time});
  if (!content_info) return content_info.error();
  return encode_tlv(kSodTag, *content_info);
}

hal::Result<SodParts> parse_sod(hal::ByteView file) {
  const std::string what = "EF.SOD";
  TlvReader outer(file, what);
  auto sod = outer.expect(kSodTag);
  if (!sod) return sod.error();
  HAL_TRY(outer.expect_end());
  SodParts parts;
  parts.content_info.assign(sod->value.begin(), sod->value.end());
  TlvReader ci_reader(sod->value, what);
  auto ci = ci_reader.expect(der::kSequence);
  if (!ci) return ci.error();
  HAL_TRY(ci_reader.expect_end());
  TlvReader ci_fields(ci->value, what);
  auto type = ci_fields.expect(der::kOid);
  if (!type) return type.error();
  auto type_name = der::read_oid(type->value, what);
  if (!type_name) return type_name.error();
  if (*type_name != kSignedData) return corrupt(what, "content type " + *type_name + " is not SignedData");
  auto explicit_sd = ci_fields.expect(der::context(0, true));
  if (!explicit_sd) return explicit_sd.error();
  TlvReader sd_reader(explicit_sd->value, what);
  auto sd = sd_reader.expect(der::kSequence);
  if (!sd) return sd.error();
  TlvReader f(sd->value, what);
  auto version = f.expect(der::kInteger);
  auto digests = version ? f.expect(der::kSet) : version;
  auto encap = digests ? f.expect(der::kSequence) : digests;
  if (!encap) return encap.error();
  TlvReader e(encap->value, what);
  auto content_type = e.expect(der::kOid);
  if (!content_type) return content_type.error();
  auto content_name = der::read_oid(content_type->value, what);
  if (!content_name) return content_name.error();
  parts.content_type = *content_name;
  auto explicit_content = e.expect(der::context(0, true));
  if (!explicit_content) return explicit_content.error();
  TlvReader c(explicit_content->value, what);
  auto octets = c.expect(der::kOctetString);
  if (!octets) return octets.error();
  parts.lds_security_object.assign(octets->value.begin(), octets->value.end());
  auto certificates = f.optional(der::context(0, true));
  if (!certificates) return certificates.error();
  if (*certificates) {
    TlvReader certs((*certificates)->value, what);
    while (!certs.at_end()) {
      auto cert = certs.expect(der::kSequence);
      if (!cert) return cert.error();
      parts.certificates.emplace_back(cert->encoded.begin(), cert->encoded.end());
    }
  }
  auto lso = read_security_object(parts.lds_security_object);
  if (!lso) return lso.error();
  parts.security_object = std::move(*lso);
  return parts;
}

}  // namespace station::card
