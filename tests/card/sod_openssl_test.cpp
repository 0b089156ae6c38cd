// EF.SOD as the station signs it with the document-signer key in SoftHSM2:
// `openssl cms -verify` accepts it against the test CSCA and the hashes it
// lists are the SHA-256 `openssl dgst` computes for each data group; any
// tampering, a foreign CSCA or a malformed EF.SOD fails Passive
// Authentication with the reason.
#include "card_rig.hpp"
#include "station/card/sod.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card;

struct Signed {
  card_test::Pki pki;
  card_test::TempDir work;
  CardImage image;
};

int setup(void** state) {
  auto s = std::make_unique<Signed>();
  if (!s->pki.make()) return -1;
  auto image = build_card_image(card_test::sample_holder(), {&s->pki.keys(), card_test::kDocumentSigner, 0, 16000});
  if (!image) {
    print_error("%s\n", image.error().describe().c_str());
    return -1;
  }
  s->image = std::move(*image);
  *state = s.release();
  return 0;
}

int teardown(void** state) {
  delete static_cast<Signed*>(*state);
  return 0;
}

Signed& of(void** state) { return *static_cast<Signed*>(*state); }

const hal::Bytes& sod(const Signed& s) { return s.image.find(LdsFile::kSod)->content; }

void openssl_verifies_what_the_station_signed(void** state) {
  Signed& s = of(state);
  assert_true(card_rig::openssl_verifies_sod(s.work.path() / "ok", s.pki.csca_pem(), sod(s), data_groups_of(s.image.files)));
  auto pa = passive_authentication(data_groups_of(s.image.files), sod(s), s.pki.csca());
  ASSERT_OK(pa);
  if (!pa->passed()) fail_msg("%s", pa->first_failure().c_str());
  assert_non_null(strstr(pa->signer.c_str(), "Test Document Signer 1"));
  auto parts = parse_sod(sod(s));
  ASSERT_OK(parts);
  assert_string_equal(parts->content_type.c_str(), kLdsSecurityObjectOid);
  assert_int_equal(parts->certificates.size(), 1);
  assert_int_equal(parts->security_object.hashes.size(), 5);
}

void a_changed_data_group_is_caught(void** state) {
  Signed& s = of(state);
  auto groups = data_groups_of(s.image.files);
  groups[2][groups[2].size() / 2] ^= 0x01;
  assert_false(card_rig::openssl_verifies_sod(s.work.path() / "dg", s.pki.csca_pem(), sod(s), groups));
  auto pa = passive_authentication(groups, sod(s), s.pki.csca());
  ASSERT_OK(pa);
  assert_false(pa->passed());
  assert_string_equal(pa->first_failure().c_str(), "DG2 hash: the content read does not have the hash EF.SOD lists");
  groups = data_groups_of(s.image.files);
  groups.erase(13);
  pa = passive_authentication(groups, sod(s), s.pki.csca());
  assert_string_equal(pa->first_failure().c_str(), "DG13 present: EF.SOD lists it but it was not read");
}

void a_changed_signature_is_caught(void** state) {
  Signed& s = of(state);
  hal::Bytes forged = sod(s);
  // The signature is the last OCTET STRING: flip a byte near the end.
  forged[forged.size() - 5] ^= 0x40;
  assert_false(card_rig::openssl_verifies_sod(s.work.path() / "sig", s.pki.csca_pem(), forged,
                                              data_groups_of(s.image.files)));
  auto pa = passive_authentication(data_groups_of(s.image.files), forged, s.pki.csca());
  ASSERT_OK(pa);
  assert_false(pa->passed());
  assert_non_null(strstr(pa->first_failure().c_str(), "EF.SOD signature"));
}

void another_csca_does_not_vouch_for_the_signer(void** state) {
  Signed& s = of(state);
  const auto other = s.work.path() / "other-csca.pem";
  assert_true(card_test::openssl({"req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                                  "-nodes", "-keyout", (s.work.path() / "other.key").string(), "-out", other.string(),
                                  "-days", "30", "-subj", "/C=VN/CN=Some Other CSCA"}));
  assert_false(card_rig::openssl_verifies_sod(s.work.path() / "other", other, sod(s), data_groups_of(s.image.files)));
  auto pa = passive_authentication(data_groups_of(s.image.files), sod(s), load_certificates(other).value());
  ASSERT_OK(pa);
  assert_string_equal(pa->first_failure().c_str(),
                      "certificate chain: document signer certificate: unable to get local issuer certificate");
}

void malformed_sods_fail_cleanly(void** state) {
  Signed& s = of(state);
  const hal::Bytes& good = sod(s);
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, good.size() / 2, good.size() - 1}) {
    auto pa = passive_authentication(data_groups_of(s.image.files), hal::ByteView(good).first(cut), s.pki.csca());
    ASSERT_OK(pa);
    assert_false(pa->passed());
    assert_non_null(strstr(pa->first_failure().c_str(), "EF.SOD structure"));
  }
  hal::Bytes not_signed_data = good;
  // id-signedData ends in 07 02; make it 07 03 (envelopedData).
  const hal::Bytes oid{0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02};
  auto at = std::search(not_signed_data.begin(), not_signed_data.end(), oid.begin(), oid.end());
  at[8] = 0x03;
  auto pa = passive_authentication({}, not_signed_data, s.pki.csca());
  assert_non_null(strstr(pa->first_failure().c_str(), "is not SignedData"));
}

void a_missing_signer_key_is_named(void** state) {
  Signed& s = of(state);
  auto image = build_card_image(card_test::sample_holder(), {&s.pki.keys(), "no-such-signer", 0, 16000});
  assert_false(image.ok());
  assert_int_equal(image.error().code, hal::ErrorCode::kNotFound);
  assert_non_null(strstr(image.error().message.c_str(), "no-such-signer"));
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(openssl_verifies_what_the_station_signed),
      cmocka_unit_test(a_changed_data_group_is_caught),
      cmocka_unit_test(a_changed_signature_is_caught),
      cmocka_unit_test(another_csca_does_not_vouch_for_the_signer),
      cmocka_unit_test(malformed_sods_fail_cleanly),
      cmocka_unit_test(a_missing_signer_key_is_named),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
