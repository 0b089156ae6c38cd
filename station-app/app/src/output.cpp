#include "output.hpp"

namespace station {

nlohmann::json error_json(const hal::Error& error) {
  return {{"code", std::string(hal::to_string(error.code))}, {"message", error.message}};
}

void Output::failure(const hal::Error& error) const {
  std::cerr << "station: " << error.describe() << '\n';
  if (json_) std::cout << nlohmann::json{{"error", error_json(error)}}.dump(2) << '\n';
}

}  // namespace station
