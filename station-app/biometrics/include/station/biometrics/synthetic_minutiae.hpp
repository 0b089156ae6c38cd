// The true minutiae of a synthetic finger, for scoring the extractor: read
// from the generator's own noiseless ridge relief (a crest is relief above
// half height), never from an image the extractor sees. Only points at least
// 20 px inside the print's outline count: the outline cuts every ridge, and
// those cuts are not minutiae.
#pragma once

#include <vector>

#include "station/biometrics/minutiae.hpp"
#include "station/biometrics/synthetic_finger.hpp"

namespace station::biometrics {

std::vector<Minutia> true_minutiae(const SyntheticFinger& finger);

}  // namespace station::biometrics
