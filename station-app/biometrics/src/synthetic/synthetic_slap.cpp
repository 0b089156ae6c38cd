#include "station/biometrics/synthetic_slap.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "ink.hpp"
#include "random.hpp"

namespace station::biometrics {

namespace {

using std::numbers::pi;

constexpr int kRight[] = {2, 3, 4, 5};
constexpr int kLeft[] = {10, 9, 8, 7};
constexpr int kThumbs[] = {6, 1};

// A flat contact shows skin within this angle either side of the finger pad's
// middle (a rolled print shows the whole half-turn, ~1.57 rad).
constexpr double kFlatHalfAngle = 0.95;
constexpr double kTipHalfHeight = 0.78;  // of the print's half-width: the contact is taller than wide
constexpr double kEdgeShare = 0.18;      // of the contact's radius over which pressure fades out
constexpr double kStretchWave = 420;     // px: wavelength of the elastic distortion

struct Placement {
  double x, y, angle;  // slot centre (fractions of the platen) and lean (degrees)
};

Placement slot_placement(SlapKind kind, std::size_t slot) {
  if (kind == SlapKind::kThumbs) return slot == 0 ? Placement{0.30, 0.45, 10} : Placement{0.70, 0.45, -10};
  // Fingers fan out from the palm; the middle finger reaches highest, the little finger lowest.
  static constexpr double kLean[] = {-8, -3, 3, 9};
  static constexpr double kRightDrop[] = {0.05, 0.0, 0.03, 0.12};
  std::size_t along = kind == SlapKind::kRightFour ? slot : 3 - slot;
  return {0.5 + (static_cast<double>(slot) - 1.5) * 0.225, 0.40 + kRightDrop[along], kLean[slot]};
}

std::uint8_t to_grey(double v) { return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0l, 255l)); }

double relief_at(const GreyImage& relief, double x, double y) {
  if (x < 0 || y < 0 || x > relief.width() - 1.0 || y > relief.height() - 1.0) return 0;
  auto x0 = static_cast<std::uint32_t>(x), y0 = static_cast<std::uint32_t>(y);
  std::uint32_t x1 = std::min(x0 + 1, relief.width() - 1), y1 = std::min(y0 + 1, relief.height() - 1);
  double fx = x - x0, fy = y - y0;
  double top = relief.at(x0, y0) * (1 - fx) + relief.at(x1, y0) * fx;
  double bottom = relief.at(x0, y1) * (1 - fx) + relief.at(x1, y1) * fx;
  return (top * (1 - fy) + bottom * fy) / 255.0;
}

// One fingertip's contact: the flat view of the print around its pad.
struct Tip {
  const SyntheticFinger* finger;
  double radius;            // of the finger's cylinder, px
  double half_w, half_h;    // of the contact ellipse, px
  double anchor_x, anchor_y;  // the pad's middle in the print
  double cx, cy, cos_a, sin_a;  // placement in the slap
  double pressure, stretch, phase_u, phase_v;

  // The print's darkness seen at slap pixel (x, y); 0 off the contact.
  double darkness(double x, double y) const {
    double dx = x - cx, dy = y - cy;
    double u = dx * cos_a + dy * sin_a, v = -dx * sin_a + dy * cos_a;
    double r = std::sqrt((u * u) / (half_w * half_w) + (v * v) / (half_h * half_h));
    double share = std::clamp((1 - r) / kEdgeShare, 0.0, 1.0);
    if (share <= 0) return 0;
    u += stretch * std::sin(2 * pi * v / kStretchWave + phase_u);
    v += stretch * std::sin(2 * pi * u / kStretchWave + phase_v);
    double skin_x = anchor_x + radius * std::asin(std::clamp(u / radius, -1.0, 1.0));
    return synthetic::ink_darkness(relief_at(finger->relief, skin_x, anchor_y + v), pressure * share);
  }
};

Tip place_tip(const SyntheticFinger& finger, Placement at, const FlatOptions& options, synthetic::Random& random,
              std::uint32_t width, std::uint32_t height) {
  const FingerOutline& o = finger.outline;
  Tip tip{};
  tip.finger = &finger;
  tip.radius = 2 * o.half_width / pi;
  tip.half_w = tip.radius * std::sin(kFlatHalfAngle);
  tip.half_h = kTipHalfHeight * o.half_width;
  tip.anchor_x = o.centre_x;
  tip.anchor_y = o.top_y + tip.half_h + 4;
  double angle = at.angle + random.uniform(-3, 3);
  tip.cos_a = std::cos(angle * pi / 180);
  tip.sin_a = std::sin(angle * pi / 180);
  tip.cx = at.x * width + random.uniform(-15, 15);
  tip.cy = at.y * height + random.uniform(-15, 15);
  tip.pressure = std::clamp(options.pressure + random.uniform(-0.05, 0.05), 0.2, 1.0);
  tip.stretch = options.distortion;
  tip.phase_u = random.uniform(0, 2 * pi);
  tip.phase_v = random.uniform(0, 2 * pi);
  return tip;
}

SlapTipTruth truth_of(const Tip& tip, int position, int shown, std::uint32_t width, std::uint32_t height) {
  SlapTipTruth t;
  t.position = position;
  t.shown = shown;
  t.centre = {tip.cx, tip.cy};
  t.angle = std::atan2(tip.sin_a, tip.cos_a) * 180 / pi;
  double ex = std::hypot(tip.half_w * tip.cos_a, tip.half_h * tip.sin_a);
  double ey = std::hypot(tip.half_w * tip.sin_a, tip.half_h * tip.cos_a);
  auto clamp_to = [](double v, std::uint32_t size) {
    return static_cast<std::uint32_t>(std::clamp(std::lround(v), 0l, static_cast<long>(size) - 1));
  };
  t.left = clamp_to(tip.cx - ex, width);
  t.right = clamp_to(tip.cx + ex, width);
  t.top = clamp_to(tip.cy - ey, height);
  t.bottom = clamp_to(tip.cy + ey, height);
  return t;
}

void press(const Tip& tip, const SlapTipTruth& box, GreyImage& image) {
  for (std::uint32_t y = box.top; y <= box.bottom; ++y) {
    for (std::uint32_t x = box.left; x <= box.right; ++x) {
      double dark = tip.darkness(x, y);
      if (dark > 0) image.at(x, y) = std::min(image.at(x, y), to_grey(synthetic::ink_grey(dark)));
    }
  }
}

void add_noise(GreyImage& image, double sigma, std::uint64_t seed) {
  if (sigma <= 0) return;
  synthetic::Random random(seed ^ 0x51A9ull);
  std::uint32_t state = static_cast<std::uint32_t>(random.next()) | 1u;
  const float scale = static_cast<float>(sigma / 104.2);  // 104.2: sd of the sum of two bytes
  for (std::uint32_t y = 0; y < image.height(); ++y) {
    for (auto& p : image.row(y)) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      float n = static_cast<float>(static_cast<int>(state & 0xFF) + static_cast<int>((state >> 8) & 0xFF) - 255) * scale;
      p = to_grey(p + n);
    }
  }
}

hal::Status check(std::span<const int> slots, std::span<const SlapFinger> fingers, const FlatOptions& o,
                  std::uint32_t width, std::uint32_t height) {
  auto bad = [](const std::string& what) { return hal::make_error(hal::ErrorCode::kInvalidArgument, "synthetic slap: " + what); };
  if (fingers.size() != slots.size()) {
    return bad("this slap has " + std::to_string(slots.size()) + " slots, " + std::to_string(fingers.size()) +
               " fingers were given");
  }
  if (width < 400 || height < 300 || width > 4096 || height > 4096) {
    return bad("platen of " + std::to_string(width) + "x" + std::to_string(height) + " is outside 400..4096 x 300..4096");
  }
  if (!(o.pressure >= 0.3 && o.pressure <= 1)) return bad("pressure must be 0.3..1");
  if (!(o.distortion >= 0 && o.distortion <= 20)) return bad("distortion must be 0..20 px");
  if (!(o.noise >= 0 && o.noise <= 40)) return bad("noise must be 0..40 grey levels");
  for (const auto& f : fingers) {
    if (f.finger && f.finger->relief.empty()) return bad("a finger without a print");
  }
  return {};
}

}  // namespace

std::string_view to_string(SlapKind kind) {
  switch (kind) {
    case SlapKind::kRightFour:
      return "right four fingers";
    case SlapKind::kLeftFour:
      return "left four fingers";
    case SlapKind::kThumbs:
      return "both thumbs";
  }
  return "?";
}

int slap_fgp(SlapKind kind) {
  switch (kind) {
    case SlapKind::kRightFour:
      return 13;
    case SlapKind::kLeftFour:
      return 14;
    case SlapKind::kThumbs:
      return 15;
  }
  return 0;
}

std::span<const int> slap_positions(SlapKind kind) {
  switch (kind) {
    case SlapKind::kRightFour:
      return kRight;
    case SlapKind::kLeftFour:
      return kLeft;
    case SlapKind::kThumbs:
      return kThumbs;
  }
  return {};
}

hal::Result<SyntheticSlap> render_slap(SlapKind kind, std::span<const SlapFinger> fingers, const FlatOptions& options,
                                       std::uint32_t width, std::uint32_t height) {
  std::span<const int> slots = slap_positions(kind);
  HAL_TRY(check(slots, fingers, options, width, height));
  SyntheticSlap slap;
  slap.kind = kind;
  slap.image = GreyImage(width, height, static_cast<std::uint8_t>(synthetic::kPlatenGrey));
  synthetic::Random random(options.seed);
  for (std::size_t i = 0; i < slots.size(); ++i) {
    synthetic::Random jitter = random.fork(i + 1);
    if (!fingers[i].finger) {
      slap.tips.push_back({slots[i], 0, {}, 0, 0, 0, 0, 0});
      continue;
    }
    Tip tip = place_tip(*fingers[i].finger, slot_placement(kind, i), options, jitter, width, height);
    slap.tips.push_back(truth_of(tip, slots[i], fingers[i].shown, width, height));
    press(tip, slap.tips.back(), slap.image);
  }
  add_noise(slap.image, options.noise, options.seed);
  return slap;
}

}  // namespace station::biometrics
