// Validates the quality score the honest way: it must fall as prints are
// degraded. Five degradations (blur, noise, contrast loss, dryness, partial
// contact), each at five strengths, applied to synthetic rolled prints and
// to the NIST flat samples; for every print and degradation the Spearman rank
// correlation between strength and score is computed and printed.
//
// The bar: for each degradation the mean correlation over all prints is at
// most -0.9, and no single print's is above -0.6. With five strengths a
// perfectly falling score gives -1; -0.9 is what one swapped neighbouring
// pair (or a tie at the mild end, where the print hardly changes) costs, so
// the mean demands a monotone fall on nearly every print, while the per-print
// bound lets a NIST sample's mildest step wobble but not the trend reverse.
#include <filesystem>

#include "degrade.hpp"
#include "station/biometrics/image_io.hpp"
#include "station/biometrics/quality.hpp"
#include "station/biometrics/synthetic_finger.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;
using namespace capture_test;

constexpr double kMeanBar = -0.9;
constexpr double kWorstBar = -0.6;
constexpr int kSyntheticFingers = 6;

struct Sample {
  std::string name;
  GreyImage print;
  Impression impression;
  double paper;
};

// The NIST flats keep the print in the PNG's alpha channel with the ridges
// high; inverted, they are dark ridges on light ground like every other print.
std::vector<Sample> nist_flats() {
  std::vector<Sample> out;
  for (const char* name : {"arch", "loop-right", "tented_arch", "whorl"}) {
    auto path = std::filesystem::path(SHARED_DATA) / "nist-flat" / (std::string(name) + ".png");
    auto bytes = read_file(path);
    ASSERT_OK(bytes);
    auto alpha = decode_png(*bytes, PngChannel::kAlpha);
    ASSERT_OK(alpha);
    GreyImage print = std::move(alpha).value();
    for (std::size_t i = 0; i < print.size(); ++i) print.data()[i] = static_cast<std::uint8_t>(255 - print.data()[i]);
    out.push_back({std::string("nist ") + name, std::move(print), Impression::kPlain, 255});
  }
  return out;
}

std::vector<Sample> samples() {
  std::vector<Sample> out;
  for (int i = 0; i < kSyntheticFingers; ++i) {
    std::uint64_t seed = 100 + static_cast<std::uint64_t>(i);
    auto finger = make_synthetic_finger(seed, finger_options(i + 1));
    ASSERT_OK(finger);
    out.push_back({"synthetic " + std::to_string(seed) + " " + std::string(to_string(finger->pattern)), finger->impression(),
                   Impression::kRolled, 232});
  }
  for (auto& s : nist_flats()) out.push_back(std::move(s));
  return out;
}

int score(const GreyImage& print, Impression impression) {
  auto report = assess_quality(print, impression);
  ASSERT_OK(report);
  return report->score;
}

void quality_falls_as_prints_are_degraded(void**) {
  const auto prints = samples();
  const double levels[kLevels] = {0, 1, 2, 3, 4};
  bool failed = false;
  std::printf("%-28s %s\n", "print", "scores at strength 0..4 per degradation (Spearman rho)");
  std::map<Degradation, std::vector<double>> rhos;
  for (const Sample& s : prints) {
    std::printf("%-28s", s.name.c_str());
    for (Degradation d : kDegradations) {
      double scores[kLevels];
      for (int level = 0; level < kLevels; ++level) scores[level] = score(degrade(s.print, d, level, s.paper, 7), s.impression);
      double rho = spearman(levels, scores, kLevels);
      rhos[d].push_back(rho);
      std::printf(" %s %.0f/%.0f/%.0f/%.0f/%.0f (%.2f)", name(d).data(), scores[0], scores[1], scores[2], scores[3], scores[4], rho);
      if (rho > kWorstBar) failed = true;
    }
    std::printf("\n");
  }
  std::printf("Spearman rank correlation of degradation strength with quality, over %zu prints:\n", prints.size());
  for (Degradation d : kDegradations) {
    const auto& r = rhos[d];
    double mean = 0, worst = -1, synthetic = 0, nist = 0;
    for (std::size_t i = 0; i < r.size(); ++i) {
      mean += r[i];
      worst = std::max(worst, r[i]);
      (i < kSyntheticFingers ? synthetic : nist) += r[i];
    }
    mean /= double(r.size());
    std::printf("  %-16s mean %.3f (synthetic %.3f, NIST %.3f), worst print %.3f\n", name(d).data(), mean,
                synthetic / kSyntheticFingers, nist / double(r.size() - kSyntheticFingers), worst);
    if (mean > kMeanBar) failed = true;
  }
  if (failed) fail_msg("a degradation did not lower the score enough (bars: mean %.2f, each print %.2f)", kMeanBar, kWorstBar);
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(quality_falls_as_prints_are_degraded),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
