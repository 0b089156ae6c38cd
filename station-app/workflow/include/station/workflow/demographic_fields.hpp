// The demographic fields as the officer is asked them and as an enrollment
// file names them (the names validation uses), each with how a typed or
// filed text sets it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "hal/result.hpp"
#include "station/dossier/dossier.hpp"

namespace station::workflow {

struct DemographicField {
  const char* name;      // as validation names it
  const char* question;
  std::function<hal::Status(dossier::Demographics&, const std::string&)> set;
};

// In the order they are asked.
const std::vector<DemographicField>& demographic_fields();

}  // namespace station::workflow
