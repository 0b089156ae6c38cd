#include "station/sync/batch.hpp"

#include <nlohmann/json.hpp>
#include <openssl/rsa.h>

#include <ctime>

#include "station/cms/openssl.hpp"
#include "station/cms/der.hpp"
#include "station/cms/digests.hpp"
#include "station/cms/signed_data.hpp"
#include "station/dossier/serialization.hpp"

namespace station::sync {

namespace ossl = cms::ossl;
namespace der = cms::der;

namespace {

using hal::ErrorCode;

constexpr const char* kAuthEnvelopedData = "1.2.840.113549.1.9.16.1.23";
constexpr const char* kContentHints = "1.2.840.113549.1.9.16.2.4";
constexpr int kPayloadVersion = 1;

// CBOR { "v", "manifest" (the signed text), "dossiers": [{ "id", "an2" }] }.
hal::Bytes encode_payload(const std::string& manifest_text, const std::vector<BatchDossier>& dossiers) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : dossiers) list.push_back({{"id", d.id}, {"an2", nlohmann::json::binary(d.record)}});
  nlohmann::json payload = {{"v", kPayloadVersion}, {"manifest", manifest_text}, {"dossiers", std::move(list)}};
  return nlohmann::json::to_cbor(payload);
}

// AuthEnvelopedData (AES-256-GCM) with one KeyTransRecipientInfo, RSA-OAEP
// SHA-256 to the registry's certificate: only the registry reads it.
hal::Result<hal::Bytes> encrypt_to(hal::ByteView registry_certificate, const hal::Bytes& plaintext) {
  const unsigned char* p = registry_certificate.data();
  ossl::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(registry_certificate.size())));
  if (!cert) return hal::make_error(ErrorCode::kInvalidArgument, "the registry certificate does not parse");
  if (EVP_PKEY_get_base_id(X509_get0_pubkey(cert.get())) != EVP_PKEY_RSA) {
    return hal::make_error(ErrorCode::kInvalidArgument, "the registry certificate must carry an RSA key (RSA-OAEP)");
  }
  const int flags = CMS_BINARY | CMS_PARTIAL | CMS_KEY_PARAM;
  ossl::Cms cms(CMS_encrypt(nullptr, nullptr, EVP_aes_256_gcm(), flags));
  if (!cms) return hal::make_error(ErrorCode::kInternal, "CMS_encrypt: " + ossl::last_error("failed"));
  CMS_RecipientInfo* ri = CMS_add1_recipient_cert(cms.get(), cert.get(), CMS_KEY_PARAM);
  EVP_PKEY_CTX* pctx = ri ? CMS_RecipientInfo_get0_pkey_ctx(ri) : nullptr;
  if (pctx == nullptr || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_OAEP_PADDING) <= 0 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(pctx, EVP_sha256()) <= 0 || EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) <= 0) {
    return hal::make_error(ErrorCode::kInternal, "CMS recipient: " + ossl::last_error("RSA-OAEP not accepted"));
  }
  ossl::Bio in(BIO_new_mem_buf(plaintext.data(), static_cast<int>(plaintext.size())));
  if (CMS_final(cms.get(), in.get(), nullptr, CMS_BINARY) != 1)
    return hal::make_error(ErrorCode::kInternal, "CMS_final: " + ossl::last_error("encryption failed"));
  return ossl::to_der(cms.get(), i2d_CMS_ContentInfo);
}

}  // namespace

hal::Result<BuiltBatch> build_batch(Manifest header, const std::vector<BatchDossier>& dossiers,
                                    hal::ByteView registry_certificate, const BatchSigner& signer) {
  if (dossiers.empty()) return hal::make_error(ErrorCode::kInvalidArgument, "a batch needs at least one dossier");
  header.created = utc_text(signer.at);
  header.dossiers.clear();
  for (const auto& d : dossiers)
    header.dossiers.push_back({d.id, cms::sha256(d.record), static_cast<std::int64_t>(d.record.size())});
  const std::string manifest_text = encode_manifest(header);
  hal::Bytes payload = encode_payload(manifest_text, dossiers);
  auto envelope = encrypt_to(registry_certificate, payload);
  std::fill(payload.begin(), payload.end(), std::uint8_t{0});
  if (!envelope) return envelope.error();
  const hal::Bytes hints =
      der::sequence({der::utf8_string(manifest_text), der::oid(kAuthEnvelopedData)});
  auto file = cms::build_signed_data(cms::kIdDataOid, *envelope,
                                      {signer.keys, signer.key_id, std::chrono::system_clock::to_time_t(signer.at)},
                                      {{kContentHints, hints}});
  if (!file) return file.error();
  BuiltBatch out{std::move(header), std::move(*file), {}};
  out.hash = cms::sha256(out.bytes);
  return out;
}

hal::Result<OpenedBatch> open_batch(hal::ByteView file, const Trust& stations) {
  auto message = verify_signed_message(file, stations, "batch");
  if (!message) return message.error();
  if (!message->content_description)
    return hal::make_error(ErrorCode::kCorrupt, "batch: the signed manifest (contentHints) is missing");
  auto manifest = decode_manifest(*message->content_description);
  if (!manifest) return manifest.error();
  // A station's certificate speaks for that station alone: its commonName
  // is the station id (toolchain/make-sync-pki), and it must be the one the
  // manifest names.
  if (message->signer_common_name != manifest->station_id) {
    return hal::make_error(ErrorCode::kPermissionDenied,
                           "batch " + manifest->batch_id + " names station " + manifest->station_id +
                               " but is signed by '" + message->signer +
                               "': a station signs only its own batches (refused, nothing kept)");
  }
  OpenedBatch out;
  out.manifest = std::move(*manifest);
  out.manifest_text = std::move(*message->content_description);
  out.envelope = std::move(message->content);
  out.hash = cms::sha256(file);
  out.signer = std::move(message->signer);
  out.signer_certificate = std::move(message->signer_certificate);
  return out;
}

hal::Result<std::vector<BatchDossier>> read_batch_content(hal::ByteView plaintext, const std::string& manifest_text) {
  auto bad = [](const std::string& why) { return hal::make_error(ErrorCode::kCorrupt, "batch content: " + why); };
  if (!dossier::cbor_nesting_within(plaintext, dossier::kMaxCborDepth)) return bad("nests CBOR too deeply");
  nlohmann::json payload;
  try {
    // nlohmann throws, even when told not to, for a list or map claiming more
    // entries than memory could hold.
    payload = nlohmann::json::from_cbor(plaintext.begin(), plaintext.end(), true, false);
  } catch (const std::exception& e) {
    return bad(std::string("not CBOR (") + e.what() + ")");
  }
  if (payload.is_discarded() || !payload.is_object()) return bad("not CBOR");
  auto v = payload.find("v");
  // Compared as unsigned 64 bits: get<int> truncated 2^32+1 to version 1.
  if (v == payload.end() || !v->is_number_unsigned() || v->get<std::uint64_t>() != std::uint64_t(kPayloadVersion))
    return bad("unknown version");
  auto inner = payload.find("manifest");
  if (inner == payload.end() || !inner->is_string() || inner->get<std::string>() != manifest_text)
    return bad("the manifest inside differs from the signed one");
  auto manifest = decode_manifest(manifest_text);
  if (!manifest) return manifest.error();
  auto list = payload.find("dossiers");
  if (list == payload.end() || !list->is_array() || list->size() != manifest->dossiers.size())
    return bad("holds another number of dossiers than its manifest lists");
  std::vector<BatchDossier> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& d = (*list)[i];
    const auto& entry = manifest->dossiers[i];
    if (!d.is_object() || !d.contains("id") || !d["id"].is_string() || !d.contains("an2") || !d["an2"].is_binary())
      return bad("dossier " + std::to_string(i + 1) + " is malformed");
    BatchDossier bd{d["id"].get<std::string>(), d["an2"].get_binary()};
    if (bd.id != entry.dossier_id || cms::sha256(bd.record) != entry.sha256)
      return bad("dossier " + bd.id + " does not match its manifest entry");
    if (std::uint64_t(entry.bytes) != bd.record.size())
      return bad("dossier " + bd.id + " holds " + std::to_string(bd.record.size()) + " bytes; its manifest entry says " +
                 std::to_string(entry.bytes));
    out.push_back(std::move(bd));
  }
  return out;
}

}  // namespace station::sync
