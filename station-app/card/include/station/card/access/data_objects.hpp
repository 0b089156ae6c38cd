// The few BER-TLV data objects access control speaks: secure messaging's
// DO'85/'87/'8E/'97/'99, GENERAL AUTHENTICATE's 7C template, MSE's 80/83/84,
// the public key template 7F49. Tags of one or two bytes, definite lengths
// up to 65 535 (ISO/IEC 7816-4 section 5.2); anything else is refused.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::card::access {

struct DataObject {
  std::uint16_t tag = 0;  // 0x87, 0x7F49, ...
  hal::ByteView value;    // points into the parsed buffer
  hal::ByteView encoded;  // the whole object: tag, length and value
};

// Splits `data` into consecutive data objects. `what` names the data in the
// error ("SM response"). Errors: kProtocol (a tag or length runs past the end,
// a tag over two bytes, an indefinite or over-long length).
hal::Result<std::vector<DataObject>> read_data_objects(hal::ByteView data, std::string_view what);

// The first object with `tag`, or nullptr.
const DataObject* find_object(const std::vector<DataObject>& objects, std::uint16_t tag);

// "87", "7F49": for messages.
std::string tag_name(std::uint16_t tag);

// Tag, shortest definite length, value (at most 65 535 bytes).
hal::Bytes encode_object(std::uint16_t tag, hal::ByteView value);
// Appends encode_object(tag, value) to `out`.
void append_object(hal::Bytes& out, std::uint16_t tag, hal::ByteView value);

}  // namespace station::card::access
