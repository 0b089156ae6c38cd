#include "station/card/sod.hpp"

#include "station/card/der.hpp"
#include "station/card/digests.hpp"
#include "station/card/tlv.hpp"

namespace station::card {

namespace {

constexpr Tag kSodTag = 0x77;
constexpr const char* kSignedData = "1.2.840.113549.1.7.2";
constexpr const char* kContentTypeAttribute = "1.2.840.113549.1.9.3";
constexpr const char* kMessageDigestAttribute = "1.2.840.113549.1.9.4";
constexpr const char* kSigningTimeAttribute = "1.2.840.113549.1.9.5";
constexpr const char* kEcPublicKey = "1.2.840.10045.2.1";
constexpr const char* kRsaEncryption = "1.2.840.113549.1.1.1";
constexpr const char* kEcdsaWithSha256 = "1.2.840.10045.4.3.2";
constexpr const char* kSha256WithRsa = "1.2.840.113549.1.1.11";

hal::Error corrupt(const std::string& what, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kCorrupt, what + ": " + why);
}

// What SignerInfo needs from the DS certificate: its issuer and serial
// number (as encoded) and the algorithm of its key.
struct CertificateFacts {
  hal::Bytes issuer;
  hal::Bytes serial;
  std::string key_algorithm;
};

hal::Result<CertificateFacts> certificate_facts(hal::ByteView certificate) {
  const std::string what = "document signer certificate";
  TlvReader outer(certificate, what);
  auto cert = outer.expect(der::kSequence);
  if (!cert) return cert.error();
  TlvReader body(cert->value, what);
  auto tbs = body.expect(der::kSequence);
  if (!tbs) return tbs.error();
  TlvReader fields(tbs->value, what);
  auto version = fields.optional(der::context(0, true));
  if (!version) return version.error();
  auto serial = fields.expect(der::kInteger);
  auto signature = serial ? fields.expect(der::kSequence) : serial;
  auto issuer = signature ? fields.expect(der::kSequence) : signature;
  auto validity = issuer ? fields.expect(der::kSequence) : issuer;
  auto subject = validity ? fields.expect(der::kSequence) : validity;
  auto spki = subject ? fields.expect(der::kSequence) : subject;
  if (!spki) return spki.error();
  TlvReader spki_reader(spki->value, what);
  auto algorithm = spki_reader.expect(der::kSequence);
  if (!algorithm) return algorithm.error();
  TlvReader algorithm_reader(algorithm->value, what);
  auto oid = algorithm_reader.expect(der::kOid);
  if (!oid) return oid.error();
  auto name = der::read_oid(oid->value, what);
  if (!name) return name.error();
  return CertificateFacts{hal::Bytes(issuer->encoded.begin(), issuer->encoded.end()),
                          hal::Bytes(serial->encoded.begin(), serial->encoded.end()), *name};
}

hal::Bytes utc_time(std::time_t t) {
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%y%m%d%H%M%SZ", &utc);
  const std::string s(text);
  return der::wrap(der::kUtcTime, hal::Bytes(s.begin(), s.end()));
}

hal::Bytes attribute(const char* type, const hal::Bytes& value) {
  return der::sequence({der::oid(type), der::set_of({value})});
}

// The signed attributes as a DER SET: what is signed. In SignerInfo the same
// content goes under [0] IMPLICIT (RFC 5652 section 5.4).
hal::Bytes signed_attributes(hal::ByteView content, std::time_t signing_time) {
  return der::set_of({attribute(kContentTypeAttribute, der::oid(kLdsSecurityObjectOid)),
                      attribute(kSigningTimeAttribute, utc_time(signing_time)),
                      attribute(kMessageDigestAttribute, der::octet_string(sha256(content)))});
}

struct Scheme {
  hal::SignatureScheme scheme;
  hal::Bytes algorithm;
};

hal::Result<Scheme> scheme_for(const std::string& key_algorithm) {
  if (key_algorithm == kEcPublicKey) return Scheme{hal::SignatureScheme::kEcdsaSha256, der::algorithm(kEcdsaWithSha256)};
  if (key_algorithm == kRsaEncryption) {
    return Scheme{hal::SignatureScheme::kRsaPkcs1Sha256, der::sequence({der::oid(kSha256WithRsa), der::null()})};
  }
  return hal::make_error(hal::ErrorCode::kUnsupported,
                         "document signer key of algorithm " + key_algorithm + " (only EC and RSA keys sign EF.SOD)");
}

hal::Result<Tlv> next_of(TlvReader& r, Tag tag) { return r.expect(tag); }

// [n] IMPLICIT replaces the tag and keeps length and contents.
hal::Bytes implicitly_tagged(hal::Bytes encoded, Tag tag) {
  encoded[0] = static_cast<std::uint8_t>(tag);
  return encoded;
}

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
  auto certificate = signer.keys->certificate(signer.key_id);
  if (!certificate) return certificate.error();
  auto facts = certificate_facts(*certificate);
  if (!facts) return facts.error();
  auto scheme = scheme_for(facts->key_algorithm);
  if (!scheme) return scheme.error();

  const hal::Bytes content = build_lds_security_object(hashes);
  const hal::Bytes attributes = signed_attributes(content, signer.signing_time);
  auto signature = signer.keys->sign(signer.key_id, attributes, scheme->scheme);
  if (!signature) return signature.error();

  const hal::Bytes signer_info = der::sequence({
      der::integer(1),
      der::sequence({facts->issuer, facts->serial}),
      der::algorithm(kSha256),
      implicitly_tagged(attributes, der::context(0, true)),
      scheme->algorithm,
      der::octet_string(*signature),
  });
  const hal::Bytes signed_data = der::sequence({
      der::integer(3),
      der::set_of({der::algorithm(kSha256)}),
      der::sequence({der::oid(kLdsSecurityObjectOid), der::wrap(der::context(0, true), der::octet_string(content))}),
      der::wrap(der::context(0, true), *certificate),
      der::set_of({signer_info}),
  });
  const hal::Bytes content_info =
      der::sequence({der::oid(kSignedData), der::wrap(der::context(0, true), signed_data)});
  return encode_tlv(kSodTag, content_info);
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
