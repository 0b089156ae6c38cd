// WSQ speed and quality, printed (nothing asserted about speed). One thread,
// 800x750 rolled-print-sized images: the capture engineer's synthetic
// fingers, a formula ridge pattern, and NIST's reference files.
// Goal: encode and decode <= 5 ms each (NIST's NBIS: 27-47 ms here).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "biometrics_test_support.hpp"
#include "station/biometrics/an2.hpp"
#include "station/biometrics/image_io.hpp"
#include "station/biometrics/synthetic_finger.hpp"
#include "station/biometrics/wsq.hpp"

namespace bio = station::biometrics;
namespace wsq = station::biometrics::wsq;

namespace {

struct Timing {
  double best;
  double median;
};

Timing time_ms(int runs, const std::function<void()>& work) {
  std::vector<double> samples;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    work();
    samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  return {samples.front(), samples[samples.size() / 2]};
}

void quality_line(const std::string& name, const bio::GreyImage& image) {
  for (double bitrate : {0.75, 2.25}) {
    wsq::EncodeOptions options;
    options.bitrate = bitrate;
    auto encoded = wsq::encode(image, options).value();
    auto decoded = wsq::decode(encoded).value();
    std::printf("  %-34s %4ux%-4u bitrate %.2f: %7zu bytes  %5.1f:1  PSNR %5.2f dB\n", name.c_str(), image.width(),
                image.height(), bitrate, encoded.size(), double(image.size()) / double(encoded.size()),
                bio::psnr(image, decoded.image).value());
  }
}

void speed_line(const std::string& name, const bio::GreyImage& image, int runs) {
  auto encoded = wsq::encode(image).value();
  Timing encode = time_ms(runs, [&] { (void)wsq::encode(image); });
  Timing decode = time_ms(runs, [&] { (void)wsq::decode(encoded); });
  std::printf("  %-34s %4ux%-4u encode %6.2f ms (median %6.2f), decode %6.2f ms (median %6.2f), %d runs\n",
              name.c_str(), image.width(), image.height(), encode.best, encode.median, decode.best, decode.median,
              runs);
}

hal::Bytes nist_thumb_wsq() {
  auto bytes = bio::read_file(std::string(SHARED_DATA) + "/nist-an2/valid1.14.an2").value();
  auto transaction = bio::an2::parse(bytes).value();
  return std::get<bio::an2::Type4Record>(transaction.records[2].body).image;
}

}  // namespace

int main() {
  std::vector<std::pair<std::string, bio::GreyImage>> prints;
  for (std::uint64_t seed : {1, 2, 3}) {
    auto finger = bio::make_synthetic_finger(seed);
    if (!finger) {
      std::printf("synthetic finger %llu: %s\n", static_cast<unsigned long long>(seed),
                  finger.error().describe().c_str());
      return 1;
    }
    prints.emplace_back("synthetic finger seed " + std::to_string(seed), finger->impression());
  }
  prints.emplace_back("ridge formula (unit tests)", biometrics_test::ridge_pattern(800, 750));
  hal::Bytes nist = nist_thumb_wsq();
  auto thumb = wsq::decode(nist).value().image;
  prints.emplace_back("NIST rolled thumb, re-encoded", thumb);

  std::printf("WSQ compression and quality (PSNR against the encoder's input):\n");
  for (const auto& [name, image] : prints) quality_line(name, image);

  std::printf("WSQ speed, one thread (best of the runs; goal <= 5 ms for 800x750):\n");
  for (std::size_t i = 0; i < prints.size(); ++i) {
    if (i == 1 || i == 2) continue;  // one synthetic finger is enough for timing
    speed_line(prints[i].first, prints[i].second, 40);
  }
  Timing reference = time_ms(40, [&] { (void)wsq::decode(nist); });
  std::printf("  %-34s %4ux%-4u decode %6.2f ms (median %6.2f), NIST's own file of %zu bytes\n",
              "NIST rolled thumb as filed", thumb.width(), thumb.height(), reference.best, reference.median,
              nist.size());
  return 0;
}
