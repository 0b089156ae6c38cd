// Which parts of a frame touch the glass. Skin in contact shows ridges, so an
// 8x8 block's grey spread is large there and near the sensor noise elsewhere.
#pragma once

#include <cstdint>
#include <vector>

namespace station::biometrics::stitch {

inline constexpr std::uint32_t kBlock = 8;

struct ContactMap {
  std::uint32_t blocks_x = 0;
  std::uint32_t blocks_y = 0;
  std::vector<float> strength;  // per block: 0 no contact .. 1 clear ridges
  double paper = 0;             // grey of the empty glass in this frame
  double area = 0;              // px^2 in contact
  double centre_x = 0;          // darkness-weighted middle of the touching band, px
  std::uint32_t first_x = 0, last_x = 0;  // pixel extent of the contact, valid when area > 0
  std::uint32_t first_y = 0, last_y = 0;

  float at(std::uint32_t x, std::uint32_t y) const {
    std::uint32_t bx = std::min(x / kBlock, blocks_x - 1), by = std::min(y / kBlock, blocks_y - 1);
    return strength[std::size_t{by} * blocks_x + bx];
  }
};

// `width` and `height` must be at least one block each.
ContactMap map_contact(const std::uint8_t* pixels, std::uint32_t width, std::uint32_t height);

}  // namespace station::biometrics::stitch
