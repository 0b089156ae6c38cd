// Minutiae: where ridges end or fork, the features fingerprint comparison is
// built on (ISO/IEC 19794-2, ANSI/NIST-ITL Type-9). Found here the textbook
// way: binarise against the local mean inside the print's foreground, thin
// the ridges to lines, read each line pixel's crossing number, walk the lines
// for each point's direction, and drop what the image's noise makes (points
// at the print's edge, spurs and bridges closer than a ridge period, the two
// ends of a ridge broken by a crease or dry skin).
#pragma once

#include <cstdint>
#include <vector>

#include "hal/result.hpp"
#include "station/biometrics/grey_image.hpp"

namespace station::biometrics {

enum class MinutiaType : std::uint8_t {
  kOther = 0,        // type code 00: read from records; the extractor never gives it
  kEnding = 1,       // ISO/IEC 19794-2 type code 01
  kBifurcation = 2,  // type code 10
};

struct Minutia {
  int x = 0;  // px from the image's left
  int y = 0;  // px from its top
  // Radians counter-clockwise from the x axis, in [0, 2 pi): an ending points
  // the way its ridge runs out, a fork along its stem away from the branches.
  double angle = 0;
  MinutiaType type = MinutiaType::kEnding;
  int quality = 0;  // 1..100: how clear the ridge flow around it is (0: not given)
};

struct MinutiaeLimits {
  std::uint32_t min_side = 64;                // less cannot hold a minutia away from the edge
  std::uint64_t max_pixels = 2000ull * 2000;  // a rolled card print is ~800 x 1130; a whole slap is segmented first
};

// Errors: kInvalidArgument (an empty image, a side under min_side, more than
// max_pixels; the message gives the size). A blank or black image gives no
// minutiae, not an error.
hal::Result<std::vector<Minutia>> extract_minutiae(const GreyImage& print, const MinutiaeLimits& limits = {});

}  // namespace station::biometrics
