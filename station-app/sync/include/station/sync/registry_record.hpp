// One dossier as the registry receives it: an ANSI/NIST-ITL 1-2011
// transaction (traditional encoding, UTF-8 declared in 1.015 DCS) with the
// demographics in Type-2, the face in Type-10 and each captured finger in
// Type-14, missing fingers in 2.084 AMP. The field profile is in README.md.
#pragma once

#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/dossier/dossier.hpp"

namespace station::sync {

// `sealed_hash`: the store's content hash of the sealed dossier (2.212);
// `destination`: the registry's agency code (1.007 DAI). Errors:
// kInvalidArgument when a value cannot be carried (a separator character in
// it), from the transaction writer.
hal::Result<hal::Bytes> registry_record(const dossier::Dossier& dossier, hal::ByteView sealed_hash,
                                        const std::string& destination);

// What the registry checks on intake.
struct RecordSummary {
  std::string dossier_id;   // 2.200
  std::string personal_id;  // 2.201
  std::string full_name;    // 2.018 NAM
  int fingers = 0;          // Type-14 records
  int missing = 0;          // 2.084 entries
  bool face = false;        // a Type-10 record
};

// kCorrupt naming what is wrong: not ANSI/NIST, no Type-2, no dossier id or
// personal ID number, or fingers that do not add up to ten.
hal::Result<RecordSummary> read_registry_record(hal::ByteView transaction);

}  // namespace station::sync
