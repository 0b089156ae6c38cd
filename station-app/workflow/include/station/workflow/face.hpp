// The face step: a photo (read by biometrics::read_face_image) or a
// synthetic one for training, stored as JPEG 2000 for the card, with a
// coarse quality score.
#pragma once

#include <cstdint>
#include <filesystem>

#include "hal/result.hpp"
#include "station/biometrics/raw_image.hpp"
#include "station/dossier/dossier.hpp"

namespace station::workflow {

// 0-100 from what a desk photo most often gets wrong: too few pixels (ICAO
// wants at least 240 x 320 for the card), exposure (mean and spread of the
// brightness) and focus (mean gradient). Not ISO/IEC 29794-5; the
// thresholds are in README.md.
int face_quality(const biometrics::RawImage& image);

// The photo as the dossier keeps it: JPEG 2000 of about `target_bytes`.
// Errors: those of the encoder (kInvalidArgument for an empty image).
hal::Result<dossier::Capture> face_capture(const biometrics::RawImage& image, std::size_t target_bytes,
                                           dossier::TimePoint at);

// A face-like portrait (lit oval, shoulders, background gradient) that
// differs with the seed: the training and demo citizen's photo.
biometrics::RawImage synthetic_face(std::uint64_t seed);

}  // namespace station::workflow
