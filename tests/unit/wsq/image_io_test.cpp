// Grey images through PNG (libpng) and PGM, faces through the one Netpbm
// reader: pixels pass untouched, NIST's flat samples read from their mask,
// and damaged or oversized files fail with a clear error.
#include "station/biometrics/image_io.hpp"
#include "station/biometrics/netpbm.hpp"
#include "station/biometrics/raw_image.hpp"

#include <unistd.h>

#include "biometrics_test_support.hpp"
#include "cmocka.hpp"

namespace {

namespace bio = station::biometrics;
using biometrics_test::error_mismatch;

bio::GreyImage gradient(std::uint32_t width, std::uint32_t height) {
  bio::GreyImage image(width, height);
  for (std::uint32_t y = 0; y < height; ++y) {
    for (std::uint32_t x = 0; x < width; ++x) image.at(x, y) = std::uint8_t((x * 7 + y * 13) % 256);
  }
  return image;
}

void png_round_trips_every_pixel(void**) {
  auto image = gradient(97, 45);
  auto png = bio::encode_png(image);
  ASSERT_OK(png);
  assert_int_equal((*png)[1], 'P');
  auto back = bio::decode_png(*png);
  ASSERT_OK(back);
  assert_true(*back == image);
}

void pgm_round_trips_and_rescales_small_maxval(void**) {
  auto image = gradient(31, 17);
  auto back = bio::decode_pgm(bio::encode_pgm(image));
  ASSERT_OK(back);
  assert_true(*back == image);

  std::string text = "P5\n# a comment\n2 1\n15\n";
  hal::Bytes pgm(text.begin(), text.end());
  pgm.push_back(0);
  pgm.push_back(15);
  auto scaled = bio::decode_pgm(pgm);
  ASSERT_OK(scaled);
  assert_int_equal(scaled->at(0, 0), 0);
  assert_int_equal(scaled->at(1, 0), 255);
}

void nist_flat_sample_reads_both_channels(void**) {
  auto bytes = bio::read_file(std::string(SHARED_DATA) + "/nist-flat/arch.png");
  ASSERT_OK(bytes);
  auto grey = bio::decode_png(*bytes, bio::PngChannel::kGrey);
  auto mask = bio::decode_png(*bytes, bio::PngChannel::kAlpha);
  ASSERT_OK(grey);
  ASSERT_OK(mask);
  // IHDR of arch.png: 256 x 240, grey + alpha.
  assert_int_equal(mask->width(), 256);
  assert_int_equal(mask->height(), 240);
  assert_false(*grey == *mask);
  auto opaque = bio::encode_png(*grey);
  assert_string_equal(
      error_mismatch(bio::decode_png(*opaque, bio::PngChannel::kAlpha), hal::ErrorCode::kInvalidArgument, "no alpha")
          .c_str(),
      "");
}

void damaged_png_is_corrupt(void**) {
  auto png = bio::encode_png(gradient(64, 64)).value();
  hal::Bytes cut(png.begin(), png.begin() + std::ptrdiff_t(png.size() / 2));
  assert_string_equal(error_mismatch(bio::decode_png(cut), hal::ErrorCode::kCorrupt, "PNG:").c_str(), "");
  assert_string_equal(
      error_mismatch(bio::decode_png(hal::Bytes{1, 2, 3}), hal::ErrorCode::kCorrupt, "signature").c_str(), "");
  hal::Bytes flipped = png;
  flipped[png.size() / 2] ^= 0xFF;
  assert_false(bio::decode_png(flipped).ok());
}

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
  std::uint32_t crc = 0xFFFFFFFF;
  for (std::size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

// A small real PNG whose IHDR (with a valid CRC) claims `side` x `side`.
hal::Bytes png_claiming(std::uint32_t side) {
  auto png = bio::encode_png(gradient(8, 8)).value();
  for (int i = 0; i < 2; ++i) {
    for (int b = 0; b < 4; ++b) png[std::size_t(16 + 4 * i + b)] = std::uint8_t(side >> (24 - 8 * b));
  }
  std::uint32_t crc = crc32(png.data() + 12, 17);
  for (int b = 0; b < 4; ++b) png[std::size_t(29 + b)] = std::uint8_t(crc >> (24 - 8 * b));
  return png;
}

void oversized_headers_are_refused(void**) {
  assert_string_equal(
      error_mismatch(bio::decode_png(png_claiming(20000)), hal::ErrorCode::kUnsupported, "larger than 16384").c_str(),
      "");
  assert_string_equal(error_mismatch(bio::decode_png(png_claiming(16000)), hal::ErrorCode::kCorrupt,
                                     "16000x16000 pixels, more than the file's data can hold")
                          .c_str(),
                      "");
  std::string text = "P5 60000 60000 255\n";
  assert_string_equal(error_mismatch(bio::decode_pgm(hal::Bytes(text.begin(), text.end())),
                                     hal::ErrorCode::kUnsupported, "larger than 16384")
                          .c_str(),
                      "");
}

void short_pgm_is_corrupt(void**) {
  std::string text = "P5 10 10 255\nabc";
  assert_string_equal(
      error_mismatch(bio::decode_pgm(hal::Bytes(text.begin(), text.end())), hal::ErrorCode::kCorrupt, "100 pixels")
          .c_str(),
      "");
  std::string bad = "P5 10 x 255\n";
  assert_string_equal(
      error_mismatch(bio::decode_pgm(hal::Bytes(bad.begin(), bad.end())), hal::ErrorCode::kCorrupt, "header").c_str(),
      "");
  assert_string_equal(
      error_mismatch(bio::decode_image(hal::Bytes{'G', 'I', 'F'}), hal::ErrorCode::kUnsupported, "neither PNG nor")
          .c_str(),
      "");
}

void files_are_written_whole(void**) {
  char folder[] = "/tmp/image_io_testXXXXXX";
  assert_non_null(mkdtemp(folder));
  std::string png = std::string(folder) + "/print.png";
  std::string pgm = std::string(folder) + "/print.pgm";
  auto image = gradient(40, 30);
  ASSERT_OK(bio::write_image(png, image));
  ASSERT_OK(bio::write_image(pgm, image));
  assert_true(bio::read_image(png).value() == image);
  assert_true(bio::read_image(pgm).value() == image);
  assert_string_equal(
      error_mismatch(bio::read_file(std::string(folder) + "/absent.png"), hal::ErrorCode::kNotFound, "absent.png")
          .c_str(),
      "");
  assert_string_equal(
      error_mismatch(bio::write_file("/nonexistent-folder/x.png", hal::Bytes{1}), hal::ErrorCode::kNotFound, "x.png")
          .c_str(),
      "");
  std::filesystem::remove_all(folder);
}

hal::Bytes bytes_of(const std::string& text) { return hal::Bytes(text.begin(), text.end()); }

// The face's caps and refusals, through the same reader as the prints.
void netpbm_faces_are_8_bit_and_of_sane_size(void**) {
  assert_string_equal(error_mismatch(bio::decode_netpbm(bytes_of("P5\n5000 10\n255\n"), bio::kMaxFaceSide),
                                     hal::ErrorCode::kUnsupported, "larger than 4096 pixels on a side")
                          .c_str(),
                      "");
  assert_string_equal(error_mismatch(bio::decode_netpbm(bytes_of("P5\n2 2\n65535\n"), bio::kMaxFaceSide),
                                     hal::ErrorCode::kUnsupported, "only 8-bit")
                          .c_str(),
                      "");
  assert_string_equal(error_mismatch(bio::decode_netpbm(bytes_of("P6\n2 2\n255\nabc"), bio::kMaxFaceSide),
                                     hal::ErrorCode::kCorrupt, "PPM: pixel data cut short")
                          .c_str(),
                      "");
  assert_string_equal(
      error_mismatch(bio::decode_netpbm(bytes_of("\x89PNG"), bio::kMaxFaceSide), hal::ErrorCode::kCorrupt, "P6")
          .c_str(),
      "");
  auto commented = bio::decode_netpbm(bytes_of("P5\n# made by hand\n2 1\n255\n\x10\x20"), bio::kMaxFaceSide);
  ASSERT_OK(commented);
  assert_int_equal(commented->pixels[1], 0x20);
  const bio::RawImage colour{3, 2, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}};
  auto back = bio::decode_netpbm(bio::encode_netpbm(colour), bio::kMaxFaceSide);
  ASSERT_OK(back);
  assert_int_equal(back->channels, 3);
  assert_true(back->pixels == colour.pixels);
  assert_string_equal(
      error_mismatch(bio::decode_pgm(bio::encode_netpbm(colour)), hal::ErrorCode::kUnsupported, "grey PGM (P5)")
          .c_str(),
      "");
}

// A face file is read by its extension, capped as a face, and every refusal
// names the file.
void face_files_are_read_by_extension(void**) {
  char folder[] = "/tmp/face_image_testXXXXXX";
  assert_non_null(mkdtemp(folder));
  const std::string dir = folder;
  const bio::RawImage colour{2, 1, 3, {10, 20, 30, 40, 50, 60}};
  ASSERT_OK(bio::write_file(dir + "/face.ppm", bio::encode_netpbm(colour)));
  auto ppm = bio::read_face_image(dir + "/face.ppm");
  ASSERT_OK(ppm);
  assert_true(ppm->pixels == colour.pixels);
  ASSERT_OK(bio::write_image(dir + "/face.png", gradient(40, 30)));
  auto png = bio::read_face_image(dir + "/face.png");
  ASSERT_OK(png);
  assert_int_equal(png->channels, 1);
  assert_true(png->pixels == gradient(40, 30).pixels());
  ASSERT_OK(bio::write_image(dir + "/big.pgm", bio::GreyImage(5000, 2)));
  assert_string_equal(error_mismatch(bio::read_face_image(dir + "/big.pgm"), hal::ErrorCode::kUnsupported,
                                     "face image " + dir + "/big.pgm: PGM: image of 5000 x 2 pixels is larger than 4096")
                          .c_str(),
                      "");
  ASSERT_OK(bio::write_file(dir + "/face.gif", hal::Bytes{'G', 'I', 'F'}));
  assert_string_equal(error_mismatch(bio::read_face_image(dir + "/face.gif"), hal::ErrorCode::kUnsupported,
                                     "face image " + dir + "/face.gif: give a .jp2")
                          .c_str(),
                      "");
  std::filesystem::remove_all(folder);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(png_round_trips_every_pixel),
      cmocka_unit_test(pgm_round_trips_and_rescales_small_maxval),
      cmocka_unit_test(nist_flat_sample_reads_both_channels),
      cmocka_unit_test(damaged_png_is_corrupt),
      cmocka_unit_test(oversized_headers_are_refused),
      cmocka_unit_test(short_pgm_is_corrupt),
      cmocka_unit_test(files_are_written_whole),
      cmocka_unit_test(netpbm_faces_are_8_bit_and_of_sane_size),
      cmocka_unit_test(face_files_are_read_by_extension),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
