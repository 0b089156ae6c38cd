// ISO/IEC 19794-2:2005 finger minutiae records (the record format, "FMR\0"
// version " 20\0"): a 24-byte header, then per finger view a 4-byte header,
// six bytes per minutia and an extended data block. We write no extended
// data (its length is 0); a record read with some keeps its bytes. Sizes are
// capped before anything is allocated, so a forged count cannot make the
// reader allocate much.
#pragma once

#include <cstdint>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/biometrics/minutiae.hpp"

namespace station::biometrics::iso19794_2 {

struct FingerMinutiaeView {
  int position = 0;    // 0 unknown, 1..10 as ANSI/NIST FGP
  int view = 0;        // 0..15: the n-th view of this finger in the record
  int impression = 0;  // 0 live-scan plain, 1 live-scan rolled, 2 non-live plain, 3 non-live rolled, 8 swipe
  int quality = 0;     // 0..100
  // Angles travel in units of 360/256 degrees, so they come back rounded to
  // 1.4 degrees; quality 0 means "not reported".
  std::vector<Minutia> minutiae;
  hal::Bytes extended;  // the extended data block's contents, as read
};

struct FingerMinutiaeRecord {
  int compliance = 0;    // 4 bits: capture device certifications
  int equipment_id = 0;  // 12 bits, 0: not reported
  std::uint32_t width = 0, height = 0;      // of the image the minutiae were found in, px
  std::uint32_t x_resolution = 197, y_resolution = 197;  // px per cm (197: 500 ppi)
  std::vector<FingerMinutiaeView> views;
};

struct RecordLimits {
  std::size_t max_bytes = 64 * 1024;  // ten views of 255 minutiae are ~15 KB
  std::size_t max_views = 32;
  std::size_t max_extended = 4096;  // bytes of extended data per view
};

// Errors: kInvalidArgument (a field outside its range, naming the view and
// minutia: more than 255 minutiae, a point outside the image, a size over
// 16383, an impression type the standard does not have, no views allowed past
// the limits).
hal::Result<hal::Bytes> encode(const FingerMinutiaeRecord& record);

// Errors: kCorrupt (not an FMR record, another version, a length that is not
// the data's, a truncated field, a reserved value, a minutia outside the
// image; the message names the field and its offset), kInvalidArgument (the
// record is bigger than the limits allow).
hal::Result<FingerMinutiaeRecord> parse(hal::ByteView data, const RecordLimits& limits = {});

}  // namespace station::biometrics::iso19794_2
