// NISTCOM: the attribute comment NIST's tools put first in a WSQ file
// ("NIST_COM 9\nPIX_WIDTH 800\n..."), which is where a decoder learns the
// scan resolution.
#pragma once

#include <string>
#include <vector>

namespace station::biometrics::wsq {

std::string make_nistcom(int width, int height, int ppi, double bitrate);

struct NistcomFields {
  int ppi = -1;
  double bitrate = -1;
};

// Reads the first comment that starts with "NIST_COM"; absent or malformed
// fields stay at -1.
NistcomFields parse_nistcom(const std::vector<std::string>& comments);

}  // namespace station::biometrics::wsq
