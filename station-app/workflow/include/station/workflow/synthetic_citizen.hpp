// A made-up citizen for training and the demo: Vietnamese demographics that
// pass validation (the personal ID number agrees with the province, sex and
// year of birth), different for each seed, the same for the same seed.
#pragma once

#include <cstdint>

#include "station/dossier/dossier.hpp"

namespace station::workflow {

dossier::Demographics synthetic_demographics(std::uint64_t seed);

}  // namespace station::workflow
