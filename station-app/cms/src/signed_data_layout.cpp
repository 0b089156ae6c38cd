#include "station/cms/signed_data_layout.hpp"

#include <algorithm>

#include "station/cms/der.hpp"
#include "station/cms/signed_data.hpp"
#include "station/cms/tlv.hpp"

namespace station::cms {

namespace {

hal::Error corrupt(const std::string& what, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kCorrupt, what + ": " + why);
}

bool is_small_integer(const Tlv& tlv, std::uint8_t value) {
  return tlv.value.size() == 1 && tlv.value[0] == value;
}

bool same(hal::ByteView a, hal::ByteView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

struct SignerFacts {
  hal::ByteView digest_algorithm;  // the whole AlgorithmIdentifier TLV
  bool by_issuer_and_serial = true;
};

// SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, [0] signedAttrs,
// signatureAlgorithm, signature, [1] unsignedAttrs OPTIONAL }.
hal::Result<SignerFacts> read_signer_info(hal::ByteView set_value, const std::string& what) {
  TlvReader signers(set_value, what + " signerInfos");
  auto info = signers.expect(der::kSequence);
  if (!info) return info.error();
  if (!signers.at_end()) return corrupt(what, "more than one signer");
  TlvReader fields(info->value, what + " signerInfo");
  auto version = fields.expect(der::kInteger);
  if (!version) return version.error();
  auto sid = fields.next();
  if (!sid) return sid.error();
  SignerFacts facts;
  facts.by_issuer_and_serial = sid->tag == der::kSequence;
  if (!is_small_integer(*version, facts.by_issuer_and_serial ? 1 : 3)) {
    return corrupt(what, "the signerInfo version does not match its signer identifier");
  }
  auto digest = fields.expect(der::kSequence);
  if (!digest) return digest.error();
  facts.digest_algorithm = digest->encoded;
  if (!same(digest->encoded, cms_digest_algorithm())) return corrupt(what, "the digest algorithm is not SHA-256");
  HAL_TRY(fields.expect(der::context(0, true)));
  // OpenSSL takes the digest from digestAlgorithm and only the key type from
  // signatureAlgorithm, so a changed OID there would still verify.
  auto algorithm = fields.expect(der::kSequence);
  if (!algorithm) return algorithm.error();
  const auto known = cms_signature_algorithms();
  if (std::none_of(known.begin(), known.end(), [&](const hal::Bytes& a) { return same(a, algorithm->encoded); })) {
    return corrupt(what, "the signature algorithm is not ECDSA or RSA with SHA-256");
  }
  HAL_TRY(fields.expect(der::kOctetString));
  if (!fields.at_end()) return corrupt(what, "unsigned attributes or extra fields after the signature");
  return facts;
}

// The certificates field holds the signer's certificate alone.
hal::Status check_certificates(TlvReader& fields, const std::string& what) {
  auto certificates = fields.optional(der::context(0, true));
  if (!certificates) return certificates.error();
  if (!*certificates) return corrupt(what, "the signer's certificate is missing");
  TlvReader set((*certificates)->value, what + " certificates");
  auto first = set.expect(der::kSequence);
  if (!first) return first.error();
  if (!set.at_end()) return corrupt(what, "more than the signer's certificate");
  auto crls = fields.optional(der::context(1, true));
  if (!crls) return crls.error();
  if (*crls) return corrupt(what, "revocation lists are not expected");
  return {};
}

hal::Status check_signed_data(hal::ByteView value, const std::string& what) {
  TlvReader fields(value, what + " SignedData");
  auto version = fields.expect(der::kInteger);
  if (!version) return version.error();
  auto digests = fields.expect(der::kSet);
  if (!digests) return digests.error();
  auto encapsulated = fields.expect(der::kSequence);
  if (!encapsulated) return encapsulated.error();
  TlvReader encap(encapsulated->value, what + " encapContentInfo");
  auto type = encap.expect(der::kOid);
  if (!type) return type.error();
  auto wrapped = encap.optional(der::context(0, true));
  if (!wrapped) return wrapped.error();
  if (!*wrapped) return corrupt(what, "the content is detached");
  TlvReader octets((*wrapped)->value, what + " eContent");
  HAL_TRY(octets.expect(der::kOctetString));
  HAL_TRY(octets.expect_end());
  HAL_TRY(encap.expect_end());
  HAL_TRY(check_certificates(fields, what));
  auto signer_set = fields.expect(der::kSet);
  if (!signer_set) return signer_set.error();
  HAL_TRY(fields.expect_end());
  auto signer = read_signer_info(signer_set->value, what);
  if (!signer) return signer.error();
  if (!same(digests->value, signer->digest_algorithm)) {
    return corrupt(what, "digestAlgorithms is not exactly the signer's digest algorithm");
  }
  const bool id_data = same(type->encoded, der::oid(kIdDataOid));
  if (!is_small_integer(*version, id_data && signer->by_issuer_and_serial ? 1 : 3)) {
    return corrupt(what, "the SignedData version is not the one RFC 5652 sets for its content");
  }
  return {};
}

}  // namespace

hal::Status check_signed_data_layout(hal::ByteView input, const std::string& what) {
  TlvReader top(input, what);
  auto info = top.expect(der::kSequence);
  if (!info) return corrupt(what, "not a DER-encoded CMS message: " + info.error().message);
  HAL_TRY(top.expect_end());
  TlvReader content_info(info->value, what + " ContentInfo");
  auto type = content_info.expect(der::kOid);
  if (!type) return type.error();
  if (!same(type->encoded, der::oid(kSignedDataOid))) return corrupt(what, "not CMS SignedData");
  auto explicit_content = content_info.expect(der::context(0, true));
  if (!explicit_content) return explicit_content.error();
  HAL_TRY(content_info.expect_end());
  TlvReader inner(explicit_content->value, what + " content");
  auto signed_data = inner.expect(der::kSequence);
  if (!signed_data) return signed_data.error();
  HAL_TRY(inner.expect_end());
  return check_signed_data(signed_data->value, what);
}

}  // namespace station::cms
