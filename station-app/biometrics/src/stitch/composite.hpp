// The print being stitched: a weighted sum of frame pixels. Each frame adds
// its touching band with weights that peak on the contact line (where the
// skin presses hardest and the cylinder's distortion vanishes) and fade to
// nothing at the band's edges, so neighbouring strips feather into each
// other instead of meeting at a hard seam.
#pragma once

#include <cstdint>
#include <vector>

#include "contact_map.hpp"
#include "station/biometrics/grey_image.hpp"

namespace station::biometrics::stitch {

struct Extent {
  std::uint32_t width = 0;   // px between the outermost stitched columns
  std::uint32_t height = 0;  // px between the outermost stitched rows
};

class Composite {
 public:
  Composite(std::uint32_t width, std::uint32_t height);

  std::uint32_t width() const { return width_; }
  std::uint32_t height() const { return height_; }

  // Adds the band of `frame` around `centre_x`, moved back by the skin's
  // drift (the frame's pixel at x + shift lands at x), weighted by `gain`.
  void add(const std::uint8_t* frame, const ContactMap& map, double centre_x, double half_width, int shift_x,
           int shift_y, double gain);

  float weight(std::uint32_t x, std::uint32_t y) const { return weight_[index(x, y)]; }
  float value(std::uint32_t x, std::uint32_t y) const {
    std::size_t i = index(x, y);
    return weight_[i] > 0 ? sum_[i] / weight_[i] : 0.0f;
  }

  // The print; where nothing was stitched, the glass's own grey.
  GreyImage image(double paper) const;
  GreyImage preview(std::uint32_t factor, double paper) const;
  // Size of the area stitched with a useful weight.
  Extent extent() const;

 private:
  std::size_t index(std::uint32_t x, std::uint32_t y) const { return std::size_t{y} * width_ + x; }

  std::uint32_t width_, height_;
  std::vector<float> sum_;
  std::vector<float> weight_;
};

}  // namespace station::biometrics::stitch
