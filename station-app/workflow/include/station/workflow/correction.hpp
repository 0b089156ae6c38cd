// Correcting a dossier the registry rejected (issue 14 point 7): the
// officer gives its demographics and face again from an enrollment file
// (enrollment_file.hpp); the fingers stay. Sealing it again is the
// supervisor's (store::Store::reseal).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "hal/clock.hpp"
#include "hal/result.hpp"
#include "station/store/store.hpp"

namespace station::workflow {

// kFailedPrecondition unless `id` is rejected; the errors of reading the file
// and its face (naming the file), and of saving. A refused file changes nothing.
// The face is kept at `face_bytes` of JPEG 2000, as an enrollment keeps it.
hal::Status correct_rejected(store::Store& store, const std::string& id, const std::filesystem::path& file,
                             const std::string& officer, const hal::Clock& clock, std::size_t face_bytes);

}  // namespace station::workflow
