#include "contact_map.hpp"

#include <algorithm>
#include <cmath>

namespace station::biometrics::stitch {

namespace {

// Grey spread (standard deviation) that separates ridges from sensor noise,
// and the spread at which contact counts as fully clear.
constexpr double kContactSpread = 10;
constexpr double kClearSpread = 35;

struct BlockStats {
  std::vector<float> mean;
  std::vector<float> spread;
};

BlockStats block_stats(const std::uint8_t* pixels, std::uint32_t width, std::uint32_t bx, std::uint32_t by) {
  BlockStats s{std::vector<float>(std::size_t{bx} * by), std::vector<float>(std::size_t{bx} * by)};
  std::vector<std::uint32_t> sum(bx), squares(bx);
  for (std::uint32_t j = 0; j < by; ++j) {
    std::fill(sum.begin(), sum.end(), 0u);
    std::fill(squares.begin(), squares.end(), 0u);
    for (std::uint32_t y = j * kBlock; y < (j + 1) * kBlock; ++y) {
      const std::uint8_t* row = pixels + std::size_t{y} * width;
      for (std::uint32_t i = 0; i < bx; ++i) {
        std::uint32_t s1 = 0, s2 = 0;
        for (std::uint32_t k = 0; k < kBlock; ++k) {
          std::uint32_t v = row[i * kBlock + k];
          s1 += v;
          s2 += v * v;
        }
        sum[i] += s1;
        squares[i] += s2;
      }
    }
    for (std::uint32_t i = 0; i < bx; ++i) {
      double n = kBlock * kBlock;
      double mean = sum[i] / n;
      s.mean[std::size_t{j} * bx + i] = static_cast<float>(mean);
      s.spread[std::size_t{j} * bx + i] = static_cast<float>(std::sqrt(std::max(0.0, squares[i] / n - mean * mean)));
    }
  }
  return s;
}

// A lone block with ridge-like spread is dust or a scratch, not a finger.
void drop_isolated(ContactMap& map) {
  std::vector<float> kept = map.strength;
  for (std::uint32_t j = 0; j < map.blocks_y; ++j) {
    for (std::uint32_t i = 0; i < map.blocks_x; ++i) {
      std::size_t k = std::size_t{j} * map.blocks_x + i;
      if (map.strength[k] == 0) continue;
      int neighbours = 0;
      for (int dj = -1; dj <= 1; ++dj) {
        for (int di = -1; di <= 1; ++di) {
          int ni = static_cast<int>(i) + di, nj = static_cast<int>(j) + dj;
          if ((di || dj) && ni >= 0 && nj >= 0 && ni < static_cast<int>(map.blocks_x) && nj < static_cast<int>(map.blocks_y) &&
              map.strength[std::size_t(nj) * map.blocks_x + std::size_t(ni)] > 0) {
            ++neighbours;
          }
        }
      }
      if (neighbours < 2) kept[k] = 0;
    }
  }
  map.strength = std::move(kept);
}

double paper_grey(const BlockStats& stats, const ContactMap& map) {
  double sum = 0;
  std::size_t count = 0;
  for (std::size_t k = 0; k < map.strength.size(); ++k) {
    if (map.strength[k] == 0 && stats.mean[k] > 128) {
      sum += stats.mean[k];
      ++count;
    }
  }
  return count ? sum / double(count) : 232;
}

// The middle of the band, weighted by how dark each column prints: pressure
// (and so darkness) peaks on the contact line and falls off to either side.
void locate_band(const std::uint8_t* pixels, std::uint32_t width, ContactMap& map) {
  std::vector<double> darkness(std::size_t{map.blocks_x} * kBlock, 0.0);
  bool any = false;
  map.first_x = map.first_y = ~0u;
  map.last_x = map.last_y = 0;
  for (std::uint32_t j = 0; j < map.blocks_y; ++j) {
    for (std::uint32_t i = 0; i < map.blocks_x; ++i) {
      if (map.strength[std::size_t{j} * map.blocks_x + i] == 0) continue;
      any = true;
      map.first_x = std::min(map.first_x, i * kBlock);
      map.last_x = std::max(map.last_x, i * kBlock + kBlock - 1);
      map.first_y = std::min(map.first_y, j * kBlock);
      map.last_y = std::max(map.last_y, j * kBlock + kBlock - 1);
      for (std::uint32_t y = j * kBlock; y < (j + 1) * kBlock; ++y) {
        const std::uint8_t* row = pixels + std::size_t{y} * width + i * kBlock;
        for (std::uint32_t k = 0; k < kBlock; ++k) darkness[i * kBlock + k] += std::max(0.0, map.paper - row[k]);
      }
    }
  }
  if (!any) {
    map.first_x = map.first_y = 0;
    return;
  }
  double moment = 0, total = 0;
  for (std::uint32_t x = map.first_x; x <= map.last_x; ++x) {
    moment += x * darkness[x];
    total += darkness[x];
  }
  map.centre_x = total > 0 ? moment / total : (map.first_x + map.last_x) / 2.0;
}

}  // namespace

ContactMap map_contact(const std::uint8_t* pixels, std::uint32_t width, std::uint32_t height) {
  ContactMap map;
  map.blocks_x = width / kBlock;
  map.blocks_y = height / kBlock;
  BlockStats stats = block_stats(pixels, width, map.blocks_x, map.blocks_y);
  map.strength.resize(stats.spread.size());
  for (std::size_t k = 0; k < stats.spread.size(); ++k) {
    double s = stats.spread[k];
    map.strength[k] = s < kContactSpread ? 0.0f : static_cast<float>(std::min(1.0, (s - kContactSpread) / (kClearSpread - kContactSpread)) * 0.9 + 0.1);
  }
  drop_isolated(map);
  map.paper = paper_grey(stats, map);
  map.area = 0;
  for (float s : map.strength) map.area += s > 0 ? kBlock * kBlock : 0;
  locate_band(pixels, width, map);
  return map;
}

}  // namespace station::biometrics::stitch
