#include "record_format.hpp"

#include <cstdio>
#include <vector>

#include "byte_layout.hpp"
#include "station/dossier/dossier.hpp"

namespace station::store {

namespace {

hal::Bytes starting_with(std::string_view domain) { return hal::Bytes(domain.begin(), domain.end()); }

}  // namespace

std::string finger_kind(int position) {
  char kind[16];
  std::snprintf(kind, sizeof kind, "finger.%02d", position);
  return kind;
}

std::optional<int> finger_position(std::string_view kind) {
  for (int position = 1; position <= dossier::kFingerCount; ++position) {
    if (kind == finger_kind(position)) return position;
  }
  return std::nullopt;
}

bool is_biometric(std::string_view kind) { return kind == kFaceKind || finger_position(kind).has_value(); }

const std::vector<std::string>& complete_kinds() {
  static const std::vector<std::string> kKinds = [] {
    std::vector<std::string> kinds{std::string(kDemographicsKind), std::string(kFaceKind)};
    for (int position = 1; position <= dossier::kFingerCount; ++position) kinds.push_back(finger_kind(position));
    return kinds;
  }();
  return kKinds;
}

hal::Bytes record_aad(std::string_view dossier_id, std::string_view kind, std::int64_t version) {
  hal::Bytes aad = starting_with("station record v1");
  put_text(aad, dossier_id);
  put_text(aad, kind);
  put_u64(aad, static_cast<std::uint64_t>(version));
  return aad;
}

hal::Bytes seal_message(std::string_view dossier_id, hal::ByteView content_hash) {
  hal::Bytes message = starting_with("station seal v1");
  put_text(message, dossier_id);
  message.insert(message.end(), content_hash.begin(), content_hash.end());
  return message;
}

}  // namespace station::store
