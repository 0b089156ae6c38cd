// Passive Authentication (Doc 9303 part 11 section 5.1): EF.SOD's signature
// over the LDSSecurityObject, the document signer certificate's chain to a
// trusted CSCA, and each data group's hash against the one EF.SOD lists.
// OpenSSL checks the signature and the chain, independently of the code that
// built EF.SOD.
#pragma once

#include <ctime>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::card {

struct PaCheck {
  std::string name;    // "EF.SOD signature", "DG2 hash"
  bool passed = false;
  std::string detail;  // why it failed, or what was checked
};

struct PaReport {
  std::vector<PaCheck> checks;
  std::string signer;  // the document signer's subject, when EF.SOD parsed

  bool passed() const;
  // The first failed check, "" when all passed.
  std::string first_failure() const;
};

// `data_groups`: number -> file content as read. `csca`: DER certificates of
// the trusted CSCAs. `at`: the time certificates must be valid at (0: now).
// Every fault of the card is a failed check in the report; errors are left
// for the station's own failures (kInternal).
hal::Result<PaReport> passive_authentication(const std::map<int, hal::Bytes>& data_groups, hal::ByteView sod,
                                             const std::vector<hal::Bytes>& csca, std::time_t at = 0);

// Certificates from a PEM file (one or more) or a DER file. kNotFound,
// kCorrupt (nothing that parses as a certificate).
hal::Result<std::vector<hal::Bytes>> load_certificates(const std::filesystem::path& path);

}  // namespace station::card
