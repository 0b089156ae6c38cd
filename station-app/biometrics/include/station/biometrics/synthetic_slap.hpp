// Flat impressions ("slaps") of a synthetic hand: the right four fingers, the
// left four and the two thumbs pressed flat on a 3.2 x 2.0 in platen, as
// ten-print practice takes them beside the rolls (ANSI/NIST FGP 13, 14, 15).
// Each fingertip is drawn from the same grown finger as its roll: the skin of
// a flat contact is the middle of the rolled print, seen straight down (so its
// sides are foreshortened), pressed with its own pressure, shifted by a
// smooth elastic distortion, tilted and placed where that finger lands.
// Where each fingertip landed is kept as truth, so segmentation can be scored.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "hal/result.hpp"
#include "station/biometrics/grey_image.hpp"
#include "station/biometrics/synthetic_finger.hpp"

namespace station::biometrics {

enum class SlapKind {
  kRightFour,  // FGP 13: right index, middle, ring, little
  kLeftFour,   // FGP 14: left index, middle, ring, little
  kThumbs,     // FGP 15: both thumbs
};
std::string_view to_string(SlapKind kind);
// The ANSI/NIST finger position code of the slap: 13, 14 or 15.
int slap_fgp(SlapKind kind);
// The finger positions (FGP 1..10) of the slap from the image's left to its
// right, as the hand lies palm down: right index..little; left little..index;
// left thumb, right thumb.
std::span<const int> slap_positions(SlapKind kind);

struct FlatOptions {
  double pressure = 0.9;   // 0.3..1: how hard the hand presses (light pressure prints thin ridges)
  double distortion = 4;   // 0..20 px: amplitude of the skin's elastic stretch against the roll
  double noise = 3;        // 0..40: sensor noise, standard deviation in grey levels
  std::uint64_t seed = 1;  // placement jitter, distortion and noise
};

// Where one fingertip lies in the slap.
struct SlapTipTruth {
  int position = 0;       // the slot's FGP (what segmentation should call it)
  int shown = 0;          // the FGP of the finger really pressed there; 0 when the slot is empty
  PointF centre;          // the middle of the fingertip's contact, slap px
  double angle = 0;       // degrees the fingertip's axis leans clockwise from upright
  std::uint32_t left = 0, top = 0, right = 0, bottom = 0;  // bounding box of the contact, inclusive
};

struct SyntheticSlap {
  SlapKind kind = SlapKind::kRightFour;
  GreyImage image;
  std::vector<SlapTipTruth> tips;  // one per slot, left to right; empty slots included
};

// A finger to press in one slot; finger == nullptr leaves the slot empty (a
// missing finger). `shown` is the FGP of the finger given (for the truth).
struct SlapFinger {
  const SyntheticFinger* finger = nullptr;
  int shown = 0;
};

// Errors: kInvalidArgument (a finger count other than the slot count, a
// platen outside 400..4096 x 300..4096, options out of range).
hal::Result<SyntheticSlap> render_slap(SlapKind kind, std::span<const SlapFinger> fingers,
                                       const FlatOptions& options = {}, std::uint32_t width = 1600,
                                       std::uint32_t height = 1000);

}  // namespace station::biometrics
