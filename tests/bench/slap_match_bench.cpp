// Slaps, minutiae and matching over many synthetic hands with known truth,
// on one core: segmentation error per fingertip and time per slap, minutiae
// precision and recall against the generator's true minutiae and time per
// print, genuine (a finger's roll against its fingertip in the slap, pressed
// with another pressure, stretch and noise) and impostor scores with FMR and
// FNMR at the configured thresholds, time per comparison; a DET curve file.
// Then the NIST transactions: minutiae per image and scores between them.
// Prints figures, asserts nothing.
//
// The sequence check runs on the first few hands as taken, with two rolls
// swapped and with a finger rolled twice.
//
//   bench_slap_match [hands] [det-file] [sequence-hands]   (defaults: 8, slap_match_det.tsv, 3)
#include <cmath>
#include <map>
#include <variant>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>

#include "bench_figures.hpp"
#include "station/biometrics/an2.hpp"
#include "station/biometrics/an2_images.hpp"
#include "station/biometrics/image_io.hpp"
#include "station/biometrics/matcher.hpp"
#include "station/biometrics/sequence_check.hpp"
#include "station/biometrics/slap_segmentation.hpp"
#include "station/biometrics/synthetic_hand.hpp"
#include "station/biometrics/synthetic_minutiae.hpp"
#include "station/biometrics/wsq.hpp"

namespace {

using namespace station::biometrics;
using bench::Clock;
using bench::Figures;
using bench::ms_since;

constexpr double kTolerance = 12;  // px between a found and a true minutia
constexpr double kAngleTolerance = 45 * std::numbers::pi / 180;
constexpr std::uint32_t kCropMargin = 16;

struct Tally {
  Figures segment, extract_rolled, extract_flat, compare;
  std::vector<double> centre_error, angle_error;
  std::size_t truth = 0, found = 0, hits = 0;
  std::vector<double> genuine, impostor;
  std::size_t incomplete_slaps = 0;
  Figures sequence;
  std::size_t clean_checks = 0, clean_alarms = 0, swaps = 0, swaps_caught = 0, twice = 0, twice_caught = 0;
};

GreyImage with_noise(GreyImage image, double sigma, std::uint64_t seed) {
  std::uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
  for (std::uint32_t y = 0; y < image.height(); ++y) {
    for (auto& p : image.row(y)) {
      state ^= state << 13, state ^= state >> 7, state ^= state << 17;
      double n = (double(state % 2001) / 1000.0 - 1.0) * sigma * 1.73;  // uniform with this deviation
      p = static_cast<std::uint8_t>(std::clamp(std::lround(p + n), 0l, 255l));
    }
  }
  return image;
}

double angle_between(double a, double b) {
  double d = std::fmod(std::abs(a - b), 2 * std::numbers::pi);
  return std::min(d, 2 * std::numbers::pi - d);
}

std::size_t paired(const std::vector<Minutia>& found, const std::vector<Minutia>& truth) {
  std::vector<bool> used(truth.size(), false);
  std::size_t n = 0;
  for (const auto& f : found) {
    for (std::size_t i = 0; i < truth.size(); ++i) {
      if (used[i] || std::hypot(f.x - truth[i].x, f.y - truth[i].y) > kTolerance ||
          angle_between(f.angle, truth[i].angle) > kAngleTolerance) {
        continue;
      }
      used[i] = true;
      ++n;
      break;
    }
  }
  return n;
}

GreyImage crop(const GreyImage& image, const FingertipSegment& tip) {
  std::uint32_t x0 = tip.left > kCropMargin ? tip.left - kCropMargin : 0;
  std::uint32_t y0 = tip.top > kCropMargin ? tip.top - kCropMargin : 0;
  std::uint32_t x1 = std::min(image.width() - 1, tip.right + kCropMargin);
  std::uint32_t y1 = std::min(image.height() - 1, tip.bottom + kCropMargin);
  GreyImage out(x1 - x0 + 1, y1 - y0 + 1);
  for (std::uint32_t y = y0; y <= y1; ++y) {
    for (std::uint32_t x = x0; x <= x1; ++x) out.at(x - x0, y - y0) = image.at(x, y);
  }
  return out;
}

std::vector<Minutia> timed_extract(const GreyImage& image, Figures& figures) {
  auto start = Clock::now();
  auto found = extract_minutiae(image);
  figures.add(ms_since(start));
  return found ? std::move(found).value() : std::vector<Minutia>{};
}

// Rolled prints of a hand: the full unrolled contact with sensor noise, and their minutiae.
std::map<int, std::vector<Minutia>> rolled_minutiae(SyntheticHand& hand, Tally& tally) {
  std::map<int, std::vector<Minutia>> rolled;
  for (int position = 1; position <= 10; ++position) {
    const SyntheticFinger* finger = hand.finger(position);
    if (!finger) continue;
    auto roll = SyntheticRoll::make(*finger);
    if (!roll) continue;
    GreyImage print = with_noise(roll->ground_truth(), 4, hand.seed() * 16 + std::uint64_t(position));
    rolled[position] = timed_extract(print, tally.extract_rolled);
    std::vector<Minutia> truth = true_minutiae(*finger);
    tally.truth += truth.size();
    tally.found += rolled[position].size();
    tally.hits += paired(rolled[position], truth);
  }
  return rolled;
}

void score_segmentation(const SyntheticSlap& slap, const SlapSegmentation& seg, Tally& tally) {
  if (!seg.complete()) return (void)++tally.incomplete_slaps;
  for (std::size_t i = 0; i < seg.tips.size(); ++i) {
    const auto& truth = slap.tips[i];
    tally.centre_error.push_back(std::hypot(seg.tips[i].centre.x - truth.centre.x, seg.tips[i].centre.y - truth.centre.y));
    tally.angle_error.push_back(std::abs(seg.tips[i].angle - truth.angle));
  }
}

// The flat fingertips of a hand, by finger position, segmented from its three slaps.
std::map<int, std::vector<Minutia>> flat_minutiae(SyntheticHand& hand, Tally& tally) {
  std::map<int, std::vector<Minutia>> flats;
  std::uint64_t s = hand.seed();
  FlatOptions options;
  options.pressure = 0.6 + 0.4 * double(s % 5) / 4;
  options.distortion = 2 + double(s % 4) * 2;
  options.noise = 2 + double(s % 3) * 3;
  options.seed = s * 7 + 1;
  for (SlapKind kind : {SlapKind::kRightFour, SlapKind::kLeftFour, SlapKind::kThumbs}) {
    auto slap = hand.slap(kind, options);
    if (!slap) continue;
    auto start = Clock::now();
    auto seg = segment_slap(slap->image, kind);
    tally.segment.add(ms_since(start));
    if (!seg) continue;
    score_segmentation(*slap, *seg, tally);
    for (const auto& tip : seg->tips) {
      if (tip.position) flats[tip.position] = timed_extract(crop(slap->image, tip), tally.extract_flat);
    }
  }
  return flats;
}

double timed_score(const std::vector<Minutia>& probe, const std::vector<Minutia>& reference, Tally& tally) {
  auto start = Clock::now();
  auto result = match(probe, reference);
  tally.compare.add(ms_since(start));
  return result ? result->score : 0;
}

void compare_hand(const std::map<int, std::vector<Minutia>>& rolled, const std::map<int, std::vector<Minutia>>& flats,
                  const std::map<int, std::vector<Minutia>>& other_flats, Tally& tally) {
  for (const auto& [p, roll] : rolled) {
    for (const auto& [q, flat] : flats) (p == q ? tally.genuine : tally.impostor).push_back(timed_score(roll, flat, tally));
    auto other = other_flats.find(p);
    if (other != other_flats.end()) tally.impostor.push_back(timed_score(roll, other->second, tally));
  }
}

std::size_t timed_check(const SequenceInput& input, Tally& tally, SequenceFindingKind kind, int a, int b) {
  auto start = Clock::now();
  auto findings = check_sequence(input);
  tally.sequence.add(ms_since(start));
  if (!findings) return 0;
  return static_cast<std::size_t>(std::count_if(findings->begin(), findings->end(), [&](const SequenceFinding& f) {
    return f.kind == kind && ((f.position == a && f.other == b) || (f.position == b && f.other == a));
  }));
}

// The sequence check on one hand as taken, with two rolls swapped, and with a finger rolled twice.
void check_hand_sequence(const std::map<int, std::vector<Minutia>>& rolled, const std::map<int, std::vector<Minutia>>& flats,
                         Tally& tally) {
  SequenceInput input{rolled, flats};
  auto start = Clock::now();
  auto findings = check_sequence(input);
  tally.sequence.add(ms_since(start));
  ++tally.clean_checks;
  if (findings) {
    tally.clean_alarms += findings->size();
    for (const auto& f : *findings) std::printf("    clean hand, false alarm: %s (score %.1f)\n", f.message.c_str(), f.score);
  }
  SequenceInput swapped = input;
  std::swap(swapped.rolls[2], swapped.rolls[3]);
  ++tally.swaps;
  tally.swaps_caught += timed_check(swapped, tally, SequenceFindingKind::kWrongPlace, 2, 3) > 0;
  SequenceInput doubled = input;
  doubled.rolls[8] = doubled.rolls[7];
  ++tally.twice;
  tally.twice_caught += timed_check(doubled, tally, SequenceFindingKind::kRolledTwice, 7, 8) > 0;
}

double share_at_least(const std::vector<double>& scores, double t) {
  if (scores.empty()) return 0;
  return double(std::count_if(scores.begin(), scores.end(), [t](double s) { return s >= t; })) / double(scores.size());
}

void write_det(const Tally& tally, const std::string& path) {
  std::ofstream out(path);
  out << "# threshold\tFMR\tFNMR   (synthetic hands: rolled vs flat of the same finger; impostors: other fingers)\n";
  for (double t = 0; t <= 100.0001; t += 0.5) {
    out << t << '\t' << share_at_least(tally.impostor, t) << '\t' << 1 - share_at_least(tally.genuine, t) << '\n';
  }
  std::printf("DET curve written to %s\n", std::filesystem::absolute(path).c_str());
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * double(v.size())))];
}

void print_synthetic(Tally& tally) {
  tally.segment.print("slap segmentation, per slap (1600 x 1000)");
  tally.extract_rolled.print("minutiae, per rolled print (800 x 750)");
  tally.extract_flat.print("minutiae, per flat fingertip crop");
  tally.compare.print("one comparison (rolled vs flat)");
  double mean_centre = 0, mean_angle = 0;
  for (double e : tally.centre_error) mean_centre += e / double(tally.centre_error.size());
  for (double e : tally.angle_error) mean_angle += e / double(tally.angle_error.size());
  std::printf("segmentation: %zu fingertips, centre error mean %.1f px, p95 %.1f px, max %.1f px; lean error mean %.1f deg; %zu slaps incomplete\n",
              tally.centre_error.size(), mean_centre, quantile(tally.centre_error, 0.95), quantile(tally.centre_error, 1.0),
              mean_angle, tally.incomplete_slaps);
  std::printf("minutiae on rolled prints (within %.0f px and %.0f deg): %zu true, %zu found, precision %.3f, recall %.3f\n",
              kTolerance, kAngleTolerance * 180 / std::numbers::pi, tally.truth, tally.found,
              double(tally.hits) / double(std::max<std::size_t>(tally.found, 1)), double(tally.hits) / double(std::max<std::size_t>(tally.truth, 1)));
  std::printf("scores: %zu genuine (median %.1f, p5 %.1f), %zu impostor (median %.1f, p99 %.1f, p99.9 %.1f, max %.1f)\n",
              tally.genuine.size(), quantile(tally.genuine, 0.5), quantile(tally.genuine, 0.05), tally.impostor.size(),
              quantile(tally.impostor, 0.5), quantile(tally.impostor, 0.99), quantile(tally.impostor, 0.999), quantile(tally.impostor, 1.0));
  for (double rate : {1e-2, 1e-3, 1e-4}) {
    double t = *threshold_for(rate);
    std::printf("  configured FMR %g: threshold %.1f -> measured FMR %.4f, FNMR %.4f\n", rate, t,
                share_at_least(tally.impostor, t), 1 - share_at_least(tally.genuine, t));
  }
  tally.sequence.print("sequence check, per dossier (10 rolls, 3 slaps)");
  std::printf("sequence check: %zu clean hands, %zu false alarms; swaps caught %zu of %zu; rolled twice caught %zu of %zu\n",
              tally.clean_checks, tally.clean_alarms, tally.swaps_caught, tally.swaps, tally.twice_caught, tally.twice);
}

struct NistImage {
  std::string name;
  int position = 0, impression = 0;
  std::vector<Minutia> minutiae;
};

// A NIST slap (FGP 13, 14, 15) cut into its fingertips, each compared as a plain impression.
void add_nist_tips(const GreyImage& slap, const NistImage& whole, std::vector<NistImage>& images, Figures& extract) {
  SlapKind kind = whole.position == 13 ? SlapKind::kRightFour : whole.position == 14 ? SlapKind::kLeftFour : SlapKind::kThumbs;
  auto start = Clock::now();
  auto seg = segment_slap(slap, kind);
  double ms = ms_since(start);
  if (!seg) return (void)std::printf("    segmentation refused: %s\n", seg.error().describe().c_str());
  std::printf("    segmented in %.1f ms: %zu fingertips%s%s\n", ms, seg->tips.size(), seg->complete() ? "" : " -- ",
              seg->finding.c_str());
  for (const auto& tip : seg->tips) {
    NistImage part;
    part.name = whole.name + " tip FGP " + std::to_string(tip.position);
    part.position = tip.position;
    part.minutiae = timed_extract(crop(slap, tip), extract);
    std::printf("    FGP %2d: %u..%u x %u..%u, lean %5.1f deg, %3zu minutiae\n", tip.position, tip.left, tip.right, tip.top,
                tip.bottom, tip.angle, part.minutiae.size());
    images.push_back(std::move(part));
  }
}

void add_nist_image(const std::string& file, const an2::Record& record, std::vector<NistImage>& images, Figures& extract) {
  auto found = an2::image_of(record);
  if (!found || !*found || (*found)->compression != "WSQ") return;
  auto decoded = wsq::decode((*found)->data);
  if (!decoded) return;
  NistImage image;
  image.name = file + " record " + std::to_string(record.type);
  if (const auto* t4 = std::get_if<an2::Type4Record>(&record.body)) {
    image.position = t4->positions[0];
    image.impression = t4->impression;
  } else if (const auto* tagged = std::get_if<an2::TaggedRecord>(&record.body)) {
    image.position = std::atoi(tagged->text(13).c_str());
    image.impression = std::atoi(tagged->text(3).c_str());
  }
  image.minutiae = timed_extract(decoded->image, extract);
  std::printf("  %-34s FGP %2d IMP %d  %4u x %4u  %3zu minutiae\n", image.name.c_str(), image.position, image.impression,
              decoded->image.width(), decoded->image.height(), image.minutiae.size());
  if (image.position >= 13 && image.position <= 15) add_nist_tips(decoded->image, image, images, extract);
  images.push_back(std::move(image));
}

void nist_samples(const std::filesystem::path& folder) {
  std::printf("NIST transactions in %s:\n", folder.c_str());
  std::vector<NistImage> images;
  Figures extract;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    auto bytes = read_file(entry.path());
    if (!bytes) continue;
    auto transaction = an2::parse(*bytes);
    if (!transaction) continue;
    for (const auto& record : transaction->records) add_nist_image(entry.path().filename().string(), record, images, extract);
  }
  extract.print("minutiae, per NIST image or fingertip");
  std::vector<double> others;
  for (std::size_t i = 0; i < images.size(); ++i) {
    for (std::size_t j = i + 1; j < images.size(); ++j) {
      // Whole slaps are not compared, nor fingertips that could not be named.
      if (images[i].position > 10 || images[j].position > 10 || !images[i].position || !images[j].position) continue;
      auto r = match(images[i].minutiae, images[j].minutiae);
      double score = r ? r->score : 0.0;
      if (images[i].position != images[j].position) {
        others.push_back(score);
        continue;
      }
      std::printf("  same finger position %d: %s vs %s: score %.1f, %zu paired\n", images[i].position,
                  images[i].name.c_str(), images[j].name.c_str(), score, r ? r->paired : 0);
    }
  }
  std::printf("  different finger positions: %zu pairs, median score %.1f, max %.1f\n", others.size(), quantile(others, 0.5),
              quantile(others, 1.0));
}

}  // namespace

int main(int argc, char** argv) {
  int hands = argc > 1 ? std::atoi(argv[1]) : 8;
  std::string det = argc > 2 ? argv[2] : "slap_match_det.tsv";
  int sequence_hands = argc > 3 ? std::atoi(argv[3]) : 3;  // each check is ~150 comparisons
  Tally tally;
  std::map<int, std::vector<Minutia>> previous_flats;
  for (int h = 0; h < hands; ++h) {
    SyntheticHand hand(1000 + std::uint64_t(h));
    auto rolled = rolled_minutiae(hand, tally);
    auto flats = flat_minutiae(hand, tally);
    compare_hand(rolled, flats, previous_flats, tally);
    if (h < sequence_hands) check_hand_sequence(rolled, flats, tally);
    previous_flats = std::move(flats);
    std::printf("hand %d of %d done\n", h + 1, hands);
    std::fflush(stdout);
  }
  std::printf("%d synthetic hands:\n", hands);
  print_synthetic(tally);
  write_det(tally, det);
  nist_samples(SHARED_DATA "/nist-an2");
  return 0;
}
