#include "nistcom.hpp"

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace station::biometrics::wsq {

std::string make_nistcom(int width, int height, int ppi, double bitrate) {
  char rate[32];
  std::snprintf(rate, sizeof rate, "%f", bitrate);
  std::vector<std::string> lines = {"PIX_WIDTH " + std::to_string(width),
                                    "PIX_HEIGHT " + std::to_string(height),
                                    "PIX_DEPTH 8",
                                    "PPI " + std::to_string(ppi),
                                    "LOSSY 1",
                                    "COLORSPACE GRAY",
                                    "COMPRESSION WSQ",
                                    std::string("WSQ_BITRATE ") + rate};
  // The header line counts itself among the attributes.
  std::string text = "NIST_COM " + std::to_string(lines.size() + 1);
  for (const auto& line : lines) text += "\n" + line;
  return text;
}

NistcomFields parse_nistcom(const std::vector<std::string>& comments) {
  NistcomFields fields;
  for (const auto& comment : comments) {
    if (comment.rfind("NIST_COM", 0) != 0) continue;
    std::istringstream lines(comment);
    std::string line;
    while (std::getline(lines, line)) {
      std::istringstream words(line);
      std::string name, value;
      words >> name >> value;
      char* end = nullptr;
      if (name == "PPI") {
        long ppi = std::strtol(value.c_str(), &end, 10);
        if (end != value.c_str() && *end == '\0' && ppi >= -1 && ppi <= 100000) fields.ppi = int(ppi);
      } else if (name == "WSQ_BITRATE") {
        double rate = std::strtod(value.c_str(), &end);
        if (end != value.c_str() && *end == '\0') fields.bitrate = rate;
      }
    }
    break;
  }
  return fields;
}

}  // namespace station::biometrics::wsq
