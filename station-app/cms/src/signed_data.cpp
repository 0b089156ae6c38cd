#include "station/cms/signed_data.hpp"

#include <ctime>

#include "station/cms/der.hpp"
#include "station/cms/digests.hpp"
#include "station/cms/tlv.hpp"

namespace station::cms {

namespace {

constexpr const char* kContentTypeAttribute = "1.2.840.113549.1.9.3";
constexpr const char* kMessageDigestAttribute = "1.2.840.113549.1.9.4";
constexpr const char* kSigningTimeAttribute = "1.2.840.113549.1.9.5";
constexpr const char* kEcPublicKey = "1.2.840.10045.2.1";
constexpr const char* kRsaEncryption = "1.2.840.113549.1.1.1";
constexpr const char* kEcdsaWithSha256 = "1.2.840.10045.4.3.2";
constexpr const char* kSha256WithRsa = "1.2.840.113549.1.1.11";

// What SignerInfo needs from the signer's certificate: its issuer and serial
// number (as encoded) and the algorithm of its key.
struct CertificateFacts {
  hal::Bytes issuer;
  hal::Bytes serial;
  std::string key_algorithm;
};

hal::Result<CertificateFacts> certificate_facts(hal::ByteView certificate) {
  const std::string what = "signer certificate";
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

hal::Bytes attribute(const std::string& type, const hal::Bytes& value) {
  return der::sequence({der::oid(type), der::set_of({value})});
}

// The signed attributes as a DER SET: what is signed. In SignerInfo the same
// content goes under [0] IMPLICIT (RFC 5652 section 5.4).
hal::Bytes signed_attributes(const std::string& content_type, hal::ByteView content_sha256, std::time_t signing_time,
                             const std::vector<CmsAttribute>& extra) {
  std::vector<hal::Bytes> attributes{attribute(kContentTypeAttribute, der::oid(content_type)),
                                     attribute(kSigningTimeAttribute, utc_time(signing_time)),
                                     attribute(kMessageDigestAttribute, der::octet_string(content_sha256))};
  for (const auto& a : extra) attributes.push_back(attribute(a.type, a.value));
  return der::set_of(std::move(attributes));
}

struct Scheme {
  hal::SignatureScheme scheme;
  hal::Bytes algorithm;
};

hal::Result<Scheme> scheme_for(const std::string& key_algorithm) {
  if (key_algorithm == kEcPublicKey) return Scheme{hal::SignatureScheme::kEcdsaSha256, cms_signature_algorithms()[0]};
  if (key_algorithm == kRsaEncryption) return Scheme{hal::SignatureScheme::kRsaPkcs1Sha256, cms_signature_algorithms()[1]};
  return hal::make_error(hal::ErrorCode::kUnsupported,
                         "signing key of algorithm " + key_algorithm + " (only EC and RSA keys sign CMS)");
}

// [n] IMPLICIT replaces the tag and keeps length and contents.
hal::Bytes implicitly_tagged(hal::Bytes encoded, Tag tag) {
  encoded[0] = static_cast<std::uint8_t>(tag);
  return encoded;
}

}  // namespace

hal::Bytes cms_digest_algorithm() { return der::algorithm(kSha256); }

std::vector<hal::Bytes> cms_signature_algorithms() {
  return {der::algorithm(kEcdsaWithSha256), der::sequence({der::oid(kSha256WithRsa), der::null()})};
}

hal::Bytes signed_data_head(const std::string& content_type, std::size_t content_size, std::size_t tail_size) {
  const hal::Bytes octets = der::header(der::kOctetString, content_size);
  const hal::Bytes explicit_content = der::header(der::context(0, true), octets.size() + content_size);
  const hal::Bytes type = der::oid(content_type);
  const std::size_t encapsulated_size = type.size() + explicit_content.size() + octets.size() + content_size;
  const hal::Bytes encapsulated = der::header(der::kSequence, encapsulated_size);
  // RFC 5652 section 5.1: version 1 for id-data signed by issuer and serial
  // number with plain certificates, 3 for any other content type.
  const hal::Bytes version_and_digests =
      der::concat({der::integer(content_type == kIdDataOid ? 1 : 3), der::set_of({cms_digest_algorithm()})});
  const std::size_t body_size = version_and_digests.size() + encapsulated.size() + encapsulated_size + tail_size;
  const hal::Bytes signed_data = der::header(der::kSequence, body_size);
  const hal::Bytes outer_type = der::oid(kSignedDataOid);
  const hal::Bytes explicit_signed_data = der::header(der::context(0, true), signed_data.size() + body_size);
  const hal::Bytes content_info =
      der::header(der::kSequence, outer_type.size() + explicit_signed_data.size() + signed_data.size() + body_size);
  return der::concat({content_info, outer_type, explicit_signed_data, signed_data, version_and_digests, encapsulated,
                      type, explicit_content, octets});
}

hal::Result<SignedDataEnds> sign_content_digest(const std::string& content_type, std::size_t content_size,
                                                hal::ByteView content_sha256, const CmsSigner& signer,
                                                const std::vector<CmsAttribute>& extra) {
  auto certificate = signer.keys->certificate(signer.key_id);
  if (!certificate) return certificate.error();
  auto facts = certificate_facts(*certificate);
  if (!facts) return facts.error();
  auto scheme = scheme_for(facts->key_algorithm);
  if (!scheme) return scheme.error();

  const hal::Bytes attributes = signed_attributes(content_type, content_sha256, signer.signing_time, extra);
  auto signature = signer.keys->sign(signer.key_id, attributes, scheme->scheme);
  if (!signature) return signature.error();

  const hal::Bytes signer_info = der::sequence({
      der::integer(1),
      der::sequence({facts->issuer, facts->serial}),
      cms_digest_algorithm(),
      implicitly_tagged(attributes, der::context(0, true)),
      scheme->algorithm,
      der::octet_string(*signature),
  });
  SignedDataEnds ends;
  ends.tail = der::concat({der::wrap(der::context(0, true), *certificate), der::set_of({signer_info})});
  ends.head = signed_data_head(content_type, content_size, ends.tail.size());
  return ends;
}

hal::Result<hal::Bytes> build_signed_data(const std::string& content_type, hal::ByteView content,
                                          const CmsSigner& signer, const std::vector<CmsAttribute>& extra) {
  auto ends = sign_content_digest(content_type, content.size(), sha256(content), signer, extra);
  if (!ends) return ends.error();
  hal::Bytes out = std::move(ends->head);
  out.insert(out.end(), content.begin(), content.end());
  out.insert(out.end(), ends->tail.begin(), ends->tail.end());
  return out;
}

}  // namespace station::cms
