// How far the skin in a new frame has drifted against the print stitched so
// far: normalised cross-correlation over a window where both are sharp,
// searched over whole-pixel shifts near the drift already known.
#pragma once

#include <cstdint>

#include "composite.hpp"
#include "contact_map.hpp"

namespace station::biometrics::stitch {

struct Window {
  int x0 = 0, x1 = 0;  // composite columns [x0, x1)
  int y0 = 0, y1 = 0;  // composite rows [y0, y1)
};

struct Match {
  bool found = false;  // false: too little overlap to tell
  int shift_x = 0;     // frame(x + shift) matches composite(x)
  int shift_y = 0;
  double score = 0;    // correlation at the best shift, -1..1
};

Match register_frame(const Composite& composite, const std::uint8_t* frame, const ContactMap& map, Window window,
                     int guess_x, int guess_y, int reach);

}  // namespace station::biometrics::stitch
