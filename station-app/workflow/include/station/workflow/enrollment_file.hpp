// `station enroll --from FILE.json`: one citizen's demographics (the keys of
// demographic_fields()), "face" (an image file, relative to the JSON file's
// folder) and "scanner_seed" (the synthetic hand, 0..2^64-1). The example is
// station-app/workflow/examples/enrollment.json.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "hal/result.hpp"
#include "station/dossier/dossier.hpp"

namespace station::workflow {

struct EnrollmentFile {
  dossier::Demographics demographics;
  std::filesystem::path face;  // as written in the file
  std::uint64_t scanner_seed = 1;
};

// Every key read through dossier::JsonFields: kInvalidArgument naming `file`,
// the key and what was wrong (unknown key, wrong type, missing face, a value
// a field refuses). Reads nothing else.
hal::Result<EnrollmentFile> parse_enrollment_json(std::string_view text, const std::string& file);

// hal::read_regular_file (hal::kEnrollmentFile) + parse_enrollment_json.
hal::Result<EnrollmentFile> read_enrollment_file(const std::filesystem::path& path);

}  // namespace station::workflow
