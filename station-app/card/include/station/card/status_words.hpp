// ISO/IEC 7816-4 status words in words, for logs and officer-facing errors.
#pragma once

#include <cstdint>
#include <string>

namespace station::card {

// "9000 success", "6A82 file not found", "63C2 verification failed, 2 tries left".
std::string describe_status(std::uint16_t sw);

}  // namespace station::card
