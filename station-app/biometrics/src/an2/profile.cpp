#include "station/biometrics/an2_profile.hpp"

namespace station::biometrics::an2_profile {

std::vector<an2::Field> finger_fields(const std::vector<MissingFinger>& missing, const std::vector<Approval>& approvals) {
  std::vector<an2::Field> fields;
  std::vector<std::vector<std::string>> items;
  for (const auto& m : missing) items.push_back({std::to_string(m.position), m.code});
  if (!items.empty()) fields.push_back({kAmputated, an2::Field::join(items)});
  items.clear();
  for (const auto& a : approvals) items.push_back({std::to_string(a.position), a.decision, a.supervisor});
  if (!items.empty()) fields.push_back({kApproval, an2::Field::join(items)});
  return fields;
}

}  // namespace station::biometrics::an2_profile
