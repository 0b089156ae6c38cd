#include "card_test_support.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "drivers/key_store_factory.hpp"
#include "station/card/passive_authentication.hpp"
#include "subprocess.hpp"

namespace card_test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "station-card-XXXXXX").string();
  if (mkdtemp(pattern.data())) path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty() && !std::getenv("CARD_TEST_KEEP")) std::filesystem::remove_all(path_, ignored);
}

station::biometrics::RawImage synthetic_face(std::uint32_t width, std::uint32_t height, std::uint32_t channels) {
  station::biometrics::RawImage image{width, height, channels, hal::Bytes(std::size_t{width} * height * channels)};
  std::uint32_t noise = 12345;
  for (std::uint32_t y = 0; y < height; ++y) {
    for (std::uint32_t x = 0; x < width; ++x) {
      const double dx = (x - width / 2.0) / (width * 0.32), dy = (y - height * 0.45) / (height * 0.38);
      const bool face = dx * dx + dy * dy < 1.0;
      noise = noise * 1103515245u + 12345u;
      const int texture = static_cast<int>((noise >> 16) % 17) - 8;
      const int base = face ? 190 - static_cast<int>(40 * (dx * dx + dy * dy)) : 60 + static_cast<int>(y * 100 / height);
      for (std::uint32_t c = 0; c < channels; ++c) {
        const int tint = channels == 3 ? static_cast<int>(c) * -15 : 0;
        image.pixels[(std::size_t{y} * width + x) * channels + c] =
            static_cast<std::uint8_t>(std::clamp(base + tint + texture, 0, 255));
      }
    }
  }
  return image;
}

station::card::CardHolderData sample_holder() {
  station::card::CardHolderData h;
  h.personal_id_number = "001089012345";
  h.family_name = "Nguyễn";
  h.given_names = "Văn An";
  h.date_of_birth = {1989, 5, 17};
  h.sex = station::card::Sex::kMale;
  h.date_of_issue = {2024, 1, 15};
  h.date_of_expiry = {2029, 5, 17};
  h.nationality_name = "Việt Nam";
  h.ethnicity = "Kinh";
  h.religion = "Không";
  h.place_of_origin = "Xã Đông Anh, Huyện Đông Anh, Hà Nội";
  h.place_of_residence = "Số 12 Phố Huế, Phường Ngô Thì Nhậm, Quận Hai Bà Trưng, Hà Nội";
  h.father_name = "Nguyễn Văn Bình";
  h.mother_name = "Trần Thị Cúc";
  h.can = "123456";
  h.face = synthetic_face(240, 320, 3);
  return h;
}

bool Pki::make() {
  if (dir_.path().empty()) return false;
  auto result = testing_support::run({MAKE_TEST_PKI, dir_.path().string()}, {{"RIG_MAKE_TOKEN", MAKE_TOKEN}},
                                     std::chrono::seconds(120));
  if (result.exit_code != 0) {
    std::fprintf(stderr, "make-test-pki failed (%d): %s%s\n", result.exit_code, result.out.c_str(), result.err.c_str());
    return false;
  }
  setenv("SOFTHSM2_CONF", (dir_.path() / "softhsm2.conf").c_str(), 1);
  drivers::keys::Pkcs11Options options;
  options.token_label = "station";
  options.pin = "123456";
  auto store = drivers::keys::open_pkcs11_token(options);
  if (!store) {
    std::fprintf(stderr, "cannot open the test token: %s\n", store.error().describe().c_str());
    return false;
  }
  keys_ = std::move(*store);
  return true;
}

std::vector<hal::Bytes> Pki::csca() const { return station::card::load_certificates(csca_pem()).value(); }

void write_bytes(const std::filesystem::path& path, hal::ByteView bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

hal::Bytes read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return hal::Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool openssl(const std::vector<std::string>& arguments, std::string* out) {
  std::vector<std::string> argv{"/usr/bin/openssl"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  auto result = testing_support::run(argv, {}, std::chrono::seconds(60));
  if (out) *out = result.out + result.err;
  if (result.exit_code != 0) std::fprintf(stderr, "openssl said: %s%s\n", result.out.c_str(), result.err.c_str());
  return result.exit_code == 0;
}

}  // namespace card_test
