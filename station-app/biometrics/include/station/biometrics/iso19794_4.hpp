// ISO/IEC 19794-4:2005 finger image records, the format of the card's DG3:
// a 32-byte general header ("FIR\0", version "010\0") and one 14-byte
// header plus image per finger view. All numbers big-endian.
#pragma once

#include <cstdint>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::biometrics::iso19794_4 {

enum class Compression : std::uint8_t {
  kUncompressed = 0,
  kUncompressedBitPacked = 1,
  kWsq = 2,
  kJpeg = 3,
  kJpeg2000 = 4,
  kPng = 5,
};

enum class Impression : std::uint8_t {
  kLiveScanPlain = 0,
  kLiveScanRolled = 1,
  kNonLiveScanPlain = 2,
  kNonLiveScanRolled = 3,
};

struct FingerView {
  int position = 0;  // 0 unknown, 1 right thumb ... 10 left little
  int quality = 0;   // 0-100
  Impression impression = Impression::kLiveScanRolled;
  std::uint16_t width = 0;
  std::uint16_t height = 0;
  hal::Bytes data;  // the image, as `compression` says
  // Set by parse(); encode() numbers views per position itself.
  int view_number = 0;
  int view_count = 0;
};

struct FingerImageRecord {
  std::uint16_t capture_device = 0;      // vendor's device id; 0 unreported
  std::uint16_t acquisition_level = 31;  // 31: 500 ppi, 8 bits, FBI Appendix F scanner
  std::uint16_t scan_ppi = 500;          // scale units are pixels per inch
  std::uint16_t image_ppi = 500;
  std::uint8_t pixel_depth = 8;
  Compression compression = Compression::kWsq;
  std::vector<FingerView> views;
};

// Errors: kInvalidArgument (no views or more than 255, quality over 100,
// position over 15, an empty image).
hal::Result<hal::Bytes> encode(const FingerImageRecord& record);

// Errors: kCorrupt naming the field and offset (wrong format id or
// version, a length that disagrees with the data, a view running past the
// end); kUnsupported (scale units other than pixels per inch or cm).
hal::Result<FingerImageRecord> parse(hal::ByteView data);

}  // namespace station::biometrics::iso19794_4
