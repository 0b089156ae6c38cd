// DG2: the face, as an ISO/IEC 19794-5:2005 facial record (one image, JPEG
// 2000) inside the CBEFF biometric templates of Doc 9303 part 10 section 4.7.2.
#pragma once

#include <cstdint>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/card/holder_data.hpp"

namespace station::card {

enum class FaceImageType : std::uint8_t { kBasic = 0, kFullFrontal = 1, kTokenFrontal = 2 };
enum class ImageDataType : std::uint8_t { kJpeg = 0, kJpeg2000 = 1 };

struct FaceRecord {
  Sex sex = Sex::kUnknown;
  FaceImageType image_type = FaceImageType::kFullFrontal;
  ImageDataType data_type = ImageDataType::kJpeg2000;
  std::uint16_t width = 0;
  std::uint16_t height = 0;
  bool grey = false;  // colour space 3 (8-bit grey) rather than 1 (24-bit RGB)
  hal::Bytes image;   // the coded image
};

// The largest DG2 the station writes: the EF size field of CREATE FILE and
// the odd-INS offsets stop at 65 535 bytes, and a real card has no more room.
inline constexpr std::size_t kMaxDg2Size = 65535;

// The 19794-5 record (header, facial information, image information, image).
hal::Bytes build_face_record(const FaceRecord& face);
// kCorrupt naming the field that is wrong. Takes the first image of the record.
hal::Result<FaceRecord> parse_face_record(hal::ByteView record);

// DG2 around one face record.
hal::Bytes build_dg2(const FaceRecord& face);
// The face record of the first biometric information template. kCorrupt.
hal::Result<FaceRecord> parse_dg2(hal::ByteView file);

// Encodes `face` in JPEG 2000 at about `target_bytes` and wraps it as DG2.
// kInvalidArgument when the image is larger than 65 535 pixels a side (the
// record's fields) or the DG2 would exceed kMaxDg2Size.
hal::Result<hal::Bytes> make_dg2(const biometrics::RawImage& face, Sex sex, std::size_t target_bytes);
// DG2 around `coded`, already JPEG 2000, whose pixels are `decoded`: no
// second lossy coding. kInvalidArgument as make_dg2.
hal::Result<hal::Bytes> make_dg2_from_jpeg2000(hal::ByteView coded, const biometrics::RawImage& decoded, Sex sex);

}  // namespace station::card
