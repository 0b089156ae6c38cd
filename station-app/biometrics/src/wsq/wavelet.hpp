// The 2-D wavelet transform of WSQ: at every split, the 9/7 biorthogonal
// filter pair with whole-sample symmetric extension, first along rows, then
// along columns. Computed by lifting in single precision, which gives the
// filter-bank outputs the spec defines (to float rounding) at a fraction of
// the cost of direct convolution.
#pragma once

#include "subbands.hpp"

namespace station::biometrics::wsq {

// The analysis filters of the spec (lowpass 9 taps, highpass 7 taps; only
// the centre and one side, the rest mirrors). The DTT segment carries them.
inline constexpr double kLowpassTaps[5] = {0.852698679009, 0.377402855613, -0.110624404418, -0.023849465020,
                                           0.037828455507};
inline constexpr double kHighpassTaps[4] = {0.788485616406, -0.418092273222, -0.040689417609, 0.064538882629};

// Replaces the image in `plane` (geometry.width x geometry.height floats,
// row-major) with its subbands, laid out as `geometry` describes.
void forward_transform(float* plane, const Geometry& geometry);

// Undoes forward_transform.
void inverse_transform(float* plane, const Geometry& geometry);

}  // namespace station::biometrics::wsq
