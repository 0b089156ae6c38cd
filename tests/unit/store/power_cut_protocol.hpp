// What the power-cut writer tells its parent, one line per event on stdout,
// each written with one write(2) (atomic on a pipe):
//   ready
//   intent create                      ack create <id>
//   intent save <id> <kind> <token>    ack save <id> <kind> <token>
//   intent state <id> <state>          ack state <id> <state>
// "intent" comes before the store is called, "ack" after it returned
// success; a kill between the two leaves the outcome open, and the parent
// accepts either. <token> identifies a part's content (part_token).
#pragma once

#include <openssl/sha.h>

#include <string>

#include "hal/bytes.hpp"
#include "station/dossier/dossier.hpp"
#include "station/dossier/serialization.hpp"

namespace power_cut {

// The first 8 bytes of SHA-256 over the part's encoding, in hex; "none" when
// the dossier does not hold that part.
inline std::string part_token(const station::dossier::Dossier& d, const std::string& kind) {
  namespace dossier = station::dossier;
  hal::Bytes encoded;
  if (kind == "demographics") {
    if (d.demographics.full_name.empty()) return "none";
    encoded = dossier::encode(d.demographics);
  } else if (kind == "face") {
    if (!d.face) return "none";
    encoded = dossier::encode(*d.face);
  } else {
    int position = std::stoi(kind.substr(7));
    const auto& slot = d.fingers[static_cast<std::size_t>(position - 1)];
    if (slot.status == dossier::FingerStatus::kNotCaptured) return "none";
    encoded = dossier::encode(slot);
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(encoded.data(), encoded.size(), digest);
  return hal::to_hex(hal::ByteView(digest, 8));
}

}  // namespace power_cut
