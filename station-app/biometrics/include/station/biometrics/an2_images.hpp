// The images inside ANSI/NIST-ITL records, found by each record type's
// layout, and the form they can be saved in: `station an2 dump --extract`
// and tests use this to get every image out of a transaction it can.
#pragma once

#include <optional>
#include <string>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/biometrics/an2.hpp"

namespace station::biometrics::an2 {

// Where a record keeps its image and how it is coded.
struct RecordImage {
  std::string compression;  // "WSQ", "NONE", or the record's own code ("JPEGB", "JP2", "GCA 2", ...)
  std::uint32_t width = 0;  // 0 when the record does not say (a bare WSQ stream in a Type-7)
  std::uint32_t height = 0;
  int bits_per_pixel = 0;  // BPX when the record states it, else 0
  std::string layout;      // how it was found, for the listing ("tagged fields", "Type-4-style header", ...)
  hal::ByteView data;      // points into the record
};

// The image `record` holds: nullopt for records that never hold one (Type-1,
// -2, -9, ...). Type-7's layout is left to the sender by the standard; two
// are recognised: the 18-byte Type-4 header (IMP, FGP, ISR, HLL, VLL, GCA)
// that agencies reuse, and a WSQ stream right after the IDC. Errors:
// kUnsupported naming the record when it holds an image we cannot locate
// (another Type-7 layout, a bi-level Type-5/-6 image).
hal::Result<std::optional<RecordImage>> image_of(const Record& record);

// An image in a form a viewer opens.
struct SavedImage {
  std::string extension;  // ".png", or ".jpg", ".jp2", ".bin" for codings kept as they came
  hal::Bytes bytes;
};

// WSQ and uncompressed grey or RGB become PNG; JPEG, JPEG 2000 and PNG
// data are kept as they are under their usual extension, other codes as
// ".bin". Errors: the WSQ decoder's for a damaged WSQ stream; kUnsupported
// for uncompressed data whose size fits neither 8-bit grey nor 24-bit RGB at
// the stated size.
hal::Result<SavedImage> saved_form(const RecordImage& image);

}  // namespace station::biometrics::an2
