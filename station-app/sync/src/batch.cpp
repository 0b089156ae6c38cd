#include "station/sync/batch.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>

#include "batch_payload.hpp"
#include "envelope_writer.hpp"

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

constexpr const char* kContentHints = "1.2.840.113549.1.9.16.2.4";
// A record is hashed, encrypted and its ciphertext hashed a piece at a time,
// each piece still in the cache for the next step.
constexpr std::size_t kPiece = 64 * 1024;
// The SignedData's tail beside the contentHints (certificate, signer info,
// signature): room is kept for its head before the signature's size is
// known, and a guess off by a length octet costs one move of the file.
constexpr std::size_t kTailGuess = 2048;

// RFC 2634 contentHints: the manifest in clear and the inner content type.
hal::Bytes content_hints(const std::string& manifest_text) {
  return der::sequence({der::utf8_string(manifest_text), der::oid(kAuthEnvelopedDataOid)});
}

std::size_t payload_size(std::size_t manifest_size, const std::vector<BatchDossier>& dossiers) {
  std::size_t size = payload::opening(dossiers.size()).size() + payload::closing_size(manifest_size);
  for (const auto& d : dossiers)
    size += payload::record_opening(d.record.size()).size() + d.record.size() + payload::record_closing(d.id).size();
  return size;
}

// The dossiers into the envelope, in one pass: each record's SHA-256 (for
// the manifest, which follows them) is taken as it is encrypted.
hal::Status encrypt_dossiers(EnvelopeWriter& envelope, const std::vector<BatchDossier>& dossiers,
                             std::vector<ManifestEntry>& entries) {
  HAL_TRY(envelope.write(payload::opening(dossiers.size())));
  ossl::MdCtx hash(EVP_MD_CTX_new());
  for (std::size_t i = 0; i < dossiers.size(); ++i) {
    const hal::Bytes& record = dossiers[i].record;
    HAL_TRY(envelope.write(payload::record_opening(record.size())));
    if (!hash || EVP_DigestInit_ex(hash.get(), EVP_sha256(), nullptr) != 1)
      return hal::make_error(ErrorCode::kInternal, "SHA-256: " + ossl::last_error("failed"));
    for (std::size_t at = 0; at < record.size(); at += kPiece) {
      const hal::ByteView piece(record.data() + at, std::min(kPiece, record.size() - at));
      EVP_DigestUpdate(hash.get(), piece.data(), piece.size());
      HAL_TRY(envelope.write(piece));
    }
    unsigned int length = 0;
    EVP_DigestFinal_ex(hash.get(), entries[i].sha256.data(), &length);
    HAL_TRY(envelope.write(payload::record_closing(dossiers[i].id)));
  }
  return {};
}

// Puts the SignedData's ends around the envelope written at `head_room`.
void frame(hal::Bytes& file, std::size_t head_room, const cms::SignedDataEnds& ends) {
  if (ends.head.size() > head_room) file.insert(file.begin(), ends.head.size() - head_room, 0);
  if (ends.head.size() < head_room) file.erase(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(head_room - ends.head.size()));
  std::copy(ends.head.begin(), ends.head.end(), file.begin());
  file.insert(file.end(), ends.tail.begin(), ends.tail.end());
}

}  // namespace

hal::Result<BuiltBatch> build_batch(Manifest header, const std::vector<BatchDossier>& dossiers,
                                    hal::ByteView registry_certificate, const BatchSigner& signer) {
  if (dossiers.empty()) return hal::make_error(ErrorCode::kInvalidArgument, "a batch needs at least one dossier");
  header.created = utc_text(signer.at);
  header.dossiers.clear();
  for (const auto& d : dossiers)
    header.dossiers.push_back({d.id, hal::Bytes(32, 0), static_cast<std::int64_t>(d.record.size())});
  // A SHA-256 is 64 hex digits whatever its value: the manifest's size,
  // and so every length in the file, is known before the records are read.
  const std::size_t manifest_size = encode_manifest(header).size();
  auto envelope = EnvelopeWriter::open(registry_certificate, payload_size(manifest_size, dossiers));
  if (!envelope) return envelope.error();
  const std::size_t tail_guess = kTailGuess + content_hints(std::string(manifest_size, ' ')).size();
  const std::size_t head_room = cms::signed_data_head(cms::kIdDataOid, envelope->size(), tail_guess).size();
  hal::Bytes file;
  file.reserve(head_room + envelope->size() + tail_guess);
  file.resize(head_room + envelope->size());
  envelope->begin(file.data() + head_room);
  HAL_TRY(encrypt_dossiers(*envelope, dossiers, header.dossiers));
  const std::string manifest_text = encode_manifest(header);
  if (manifest_text.size() != manifest_size)
    return hal::make_error(ErrorCode::kInternal, "batch manifest: its size changed with its hashes");
  HAL_TRY(envelope->write(payload::closing(manifest_text)));
  auto digest = envelope->close();
  if (!digest) return digest.error();
  auto ends = cms::sign_content_digest(cms::kIdDataOid, envelope->size(), *digest,
                                       {signer.keys, signer.key_id, std::chrono::system_clock::to_time_t(signer.at)},
                                       {{kContentHints, content_hints(manifest_text)}});
  if (!ends) return ends.error();
  frame(file, head_room, *ends);
  BuiltBatch out{std::move(header), std::move(file), {}};
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
  if (v == payload.end() || !v->is_number_unsigned() || v->get<std::uint64_t>() != std::uint64_t(payload::kVersion))
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
