// WSQ's scalar quantizer: a bin width Q and a wider zero bin Z per subband,
// chosen from the subbands' variances so the image lands near a target
// bitrate; and the reconstruction the decoder applies.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "subbands.hpp"

namespace station::biometrics::wsq {

struct QuantTable {
  double bin_center = 0.44;  // C: where in its bin a dequantized value lands
  // Per subband; 0 in `bin` means the subband is not coded. Values are the
  // ones the DQT segment can represent, so encoder and decoder agree exactly.
  std::array<double, kTableSubbands> bin{};
  std::array<double, kTableSubbands> zero_bin{};

  bool coded(int subband) const { return bin[subband] > 0; }
};

// Variance of each coded subband, over the central window the spec uses (the
// whole subband in a faint image, as the reference encoder does).
std::array<double, kCodedSubbands> subband_variances(const float* plane, const Geometry& geometry);

// Bin widths for a target of `bitrate` bits per pixel (spec's bit allocation).
QuantTable allocate_bins(const std::array<double, kCodedSubbands>& variances, double bitrate);

// Quantized coefficients of the coded subbands of `block`, subband by
// subband, each in row order.
std::vector<std::int16_t> quantize_block(const float* plane, const Geometry& geometry, const QuantTable& table,
                                         int block);

// How many coefficients the coded subbands hold.
std::size_t coded_coefficient_count(const Geometry& geometry, const QuantTable& table);

// Writes the reconstructed coefficients of every coded subband into `plane`
// (which must start zeroed), reading `coefficients` in coding order.
void dequantize(const std::int16_t* coefficients, const Geometry& geometry, const QuantTable& table, float* plane);

}  // namespace station::biometrics::wsq
