// BOZORTH3's pair table: every two minutiae of a print within reach of each
// other, described by what survives a shift and a turn of the print (their
// distance, and each one's direction measured from the line joining them),
// and the associations between two prints' tables where those agree.
#pragma once

#include <cstdint>
#include <vector>

#include "station/biometrics/minutiae.hpp"

namespace station::biometrics::matching {

struct PairEntry {
  float distance;
  float beta_from, beta_to;  // radians, each minutia's direction against the line from -> to
  float line;                // the line's own angle, radians
  std::uint16_t from, to;
};

// Both orders of each pair, sorted by distance.
std::vector<PairEntry> pair_table(const std::vector<Minutia>& minutiae);

struct Association {
  std::uint16_t probe_from, probe_to, ref_from, ref_to;
  float rotation;  // radians: reference line angle minus probe line angle
};

// Entries of the two tables that agree within tolerance; the probe table
// holds one order of each pair (from < to), the reference both.
std::vector<Association> associate(const std::vector<PairEntry>& probe, const std::vector<PairEntry>& reference);

}  // namespace station::biometrics::matching
