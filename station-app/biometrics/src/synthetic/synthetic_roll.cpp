#include "station/biometrics/synthetic_roll.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "ink.hpp"
#include "random.hpp"
#include "roll_timeline.hpp"
#include "skin_condition.hpp"

namespace station::biometrics {

namespace {

// The finger's cross-section is a circle whose half-turn is the print's
// nail-to-nail width; at full pressure skin within this angle of the contact
// line touches the glass.
constexpr double kRadiusPerHalfWidth = 2 / 3.141592653589793;
constexpr double kContactAngle = 0.62;  // radians: a band ~0.7 of the finger's radius each side
constexpr double kPartialShare = 0.32;  // of the print's height that touches in a partial contact

constexpr std::array<std::pair<RollFault, std::string_view>, 7> kFaultNames{{
    {RollFault::kNone, "none"},
    {RollFault::kTooFast, "too-fast"},
    {RollFault::kSlip, "slip"},
    {RollFault::kLiftAndReturn, "lift-and-return"},
    {RollFault::kPartialContact, "partial-contact"},
    {RollFault::kDry, "dry"},
    {RollFault::kWet, "wet"},
}};

// Cheap per-pixel noise (xorshift32, triangular distribution), seeded per
// frame so any frame can be drawn again on its own.
class FrameNoise {
 public:
  FrameNoise(std::uint64_t seed, std::uint32_t index, double sigma)
      : state_(static_cast<std::uint32_t>(synthetic::Random(seed ^ (0x9E37ull * (index + 1))).next()) | 1u),
        scale_(static_cast<float>(sigma / 104.2)) {}  // 104.2: sd of the sum of two bytes
  float next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return static_cast<float>(static_cast<int>(state_ & 0xFF) + static_cast<int>((state_ >> 8) & 0xFF) - 255) * scale_;
  }

 private:
  std::uint32_t state_;
  float scale_;
};

std::uint8_t to_grey(double v) { return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0l, 255l)); }

double bilinear(const std::vector<float>& field, std::uint32_t width, std::uint32_t height, double x, double y) {
  if (x < 0 || y < 0 || x > width - 1.0 || y > height - 1.0) return 0;
  auto x0 = static_cast<std::uint32_t>(x), y0 = static_cast<std::uint32_t>(y);
  std::uint32_t x1 = std::min(x0 + 1, width - 1), y1 = std::min(y0 + 1, height - 1);
  double fx = x - x0, fy = y - y0;
  auto at = [&](std::uint32_t i, std::uint32_t j) { return double(field[std::size_t{j} * width + i]); };
  return (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
}

hal::Status check(const SyntheticFinger& finger, const RollOptions& o) {
  auto bad = [](const std::string& what) { return hal::make_error(hal::ErrorCode::kInvalidArgument, "synthetic roll: " + what); };
  if (finger.relief.empty() || finger.outline.half_width <= 0) return bad("the finger has no print");
  if (!(o.speed >= 0.5 && o.speed <= 40)) return bad("speed must be 0.5..40 px per frame");
  if (!(o.noise >= 0 && o.noise <= 40)) return bad("noise must be 0..40 grey levels");
  return {};
}

// Where skin at platen column x lies in the unrolled print, and how hard it
// presses, for a cylinder of `radius` touching along `contact_x`.
struct Column {
  double skin_x;
  double pressure;
};

Column column(double x, double contact_x, double radius, double contact_angle) {
  double phi = std::asin(std::clamp((x - contact_x) / radius, -1.0, 1.0));
  double share = (std::cos(phi) - std::cos(contact_angle)) / (1 - std::cos(contact_angle));
  return {contact_x + radius * phi, std::max(0.0, share)};
}

}  // namespace

std::string_view to_string(RollFault fault) {
  for (const auto& [f, name] : kFaultNames) {
    if (f == fault) return name;
  }
  return "?";
}

std::optional<RollFault> roll_fault_from_string(std::string_view name) {
  for (const auto& [f, n] : kFaultNames) {
    if (n == name) return f;
  }
  return std::nullopt;
}

hal::Result<SyntheticRoll> SyntheticRoll::make(SyntheticFinger finger, RollOptions options) {
  HAL_TRY(check(finger, options));
  SyntheticRoll roll;
  roll.options_ = options;
  roll.finger_ = std::move(finger);
  const FingerOutline& o = roll.finger_.outline;
  roll.radius_ = kRadiusPerHalfWidth * o.half_width;
  roll.contact_angle_ = kContactAngle;
  synthetic::Random random(options.seed ^ 0xA5A5A5A5ull);
  roll.skin_ = synthetic::skin_relief(roll.finger_.relief, options.fault, random);
  roll.coverage_.resize(roll.skin_.size());
  for (std::uint32_t y = 0; y < roll.height(); ++y) {
    for (std::uint32_t x = 0; x < roll.width(); ++x) {
      roll.coverage_[std::size_t{y} * roll.width() + x] = static_cast<float>(o.coverage(x, y));
    }
  }
  // The roll starts with the band's trailing edge on one nail edge and ends
  // with its leading edge on the other.
  double reach = roll.radius_ * roll.contact_angle_;
  double left = o.centre_x - o.half_width + reach, right = o.centre_x + o.half_width - reach;
  roll.timeline_ = options.left_to_right ? synthetic::roll_timeline(options, left, right, random)
                                         : synthetic::roll_timeline(options, right, left, random);
  return roll;
}

RollFrameTruth SyntheticRoll::truth(std::uint32_t index) const {
  if (index < timeline_.size()) return timeline_[index];
  RollFrameTruth after = timeline_.back();
  after.pressure = 0;
  return after;
}

double SyntheticRoll::skin_height(double x, double y) const {
  return bilinear(skin_, width(), height(), x, y) * bilinear(coverage_, width(), height(), x, y);
}

// In a partial contact only the fingertip reaches the glass.
double SyntheticRoll::contact_share(double y) const {
  if (options_.fault != RollFault::kPartialContact) return 1;
  const FingerOutline& o = finger_.outline;
  double cut = o.top_y + kPartialShare * (o.bottom_y - o.top_y);
  return std::clamp((cut - y) / 20, 0.0, 1.0);
}

void SyntheticRoll::render(std::uint32_t index, std::span<std::uint8_t> pixels) const {
  const RollFrameTruth t = truth(index);
  const std::uint32_t w = width(), h = height();
  FrameNoise noise(options_.seed, index, options_.noise);
  std::uint32_t band_begin = w, band_end = w;
  std::vector<Column> columns;
  if (t.pressure > 0) {
    double half = radius_ * std::sin(contact_angle_);
    band_begin = static_cast<std::uint32_t>(std::clamp(std::ceil(t.contact_x - half), 0.0, double(w)));
    band_end = static_cast<std::uint32_t>(std::clamp(std::floor(t.contact_x + half) + 1, 0.0, double(w)));
    for (std::uint32_t x = band_begin; x < band_end; ++x) columns.push_back(column(x, t.contact_x, radius_, contact_angle_));
  }
  for (std::uint32_t y = 0; y < h; ++y) {
    std::uint8_t* row = pixels.data() + std::size_t{y} * w;
    double share = t.pressure * contact_share(y);
    for (std::uint32_t x = 0; x < w; ++x) {
      double grey = synthetic::kPlatenGrey;
      if (x >= band_begin && x < band_end && share > 0) {
        const Column& c = columns[x - band_begin];
        double skin = skin_height(c.skin_x - t.slip_x, y - t.slip_y);
        grey = synthetic::ink_grey(synthetic::ink_darkness(skin, c.pressure * share));
      }
      row[x] = to_grey(grey + noise.next());
    }
  }
}

GreyImage SyntheticRoll::frame(std::uint32_t index) const {
  GreyImage image(width(), height());
  render(index, {image.data(), image.size()});
  return image;
}

GreyImage SyntheticRoll::ground_truth() const {
  GreyImage image(width(), height());
  for (std::uint32_t y = 0; y < height(); ++y) {
    for (std::uint32_t x = 0; x < width(); ++x) {
      std::size_t i = std::size_t{y} * width() + x;
      image.at(x, y) = to_grey(synthetic::ink_grey(synthetic::ink_darkness(skin_[i] * coverage_[i], 1.0)));
    }
  }
  return image;
}

}  // namespace station::biometrics
