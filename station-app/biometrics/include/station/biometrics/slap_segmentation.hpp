// Finding the fingertips in a slap (four fingers or two thumbs pressed flat),
// so each can be cut out, named (hand and finger position) and checked
// against its roll. What it gives per fingertip is what ANSI/NIST-ITL 1-2011
// field 14.021 (SEG, finger segment position) records: the FGP and the
// left, right, top and bottom pixel bounds; the lean of the finger is given
// too, as NIST's NFSEG reports it, for cutting the tip out upright.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hal/result.hpp"
#include "station/biometrics/grey_image.hpp"
#include "station/biometrics/synthetic_finger.hpp"
#include "station/biometrics/synthetic_slap.hpp"

namespace station::biometrics {

struct FingertipSegment {
  int position = 0;  // FGP 1..10; 0 when the count found does not say which finger this is
  std::uint32_t left = 0, top = 0, right = 0, bottom = 0;  // inclusive pixel bounds (14.021)
  PointF centre;     // of the fingertip's area
  double angle = 0;  // degrees the fingertip leans clockwise from upright
};

struct SlapSegmentation {
  SlapKind kind = SlapKind::kRightFour;
  std::vector<FingertipSegment> tips;  // left to right in the image
  // Empty when the slap shows the fingertips it should; otherwise what is
  // wrong, in words for the officer ("3 fingertips where ... has 4").
  std::string finding;
  bool complete() const { return finding.empty(); }
};

struct SegmentationLimits {
  std::uint32_t min_width = 400, min_height = 300;  // a two-thumb slap needs at least this (0.8 x 0.6 in)
  std::uint64_t max_pixels = 4096ull * 4096;        // beyond a 8 x 8 in card scan is not a slap
};

// Errors: kInvalidArgument (an empty, tiny or huge image, naming its size).
// A blank, black or smudged platen is not an error: it comes back with no
// tips and a finding that says what the image shows.
hal::Result<SlapSegmentation> segment_slap(const GreyImage& slap, SlapKind kind, const SegmentationLimits& limits = {});

}  // namespace station::biometrics
