#include "fw/platform/ports.hpp"

namespace fw::platform {

void write_decimal(Console& console, std::uint32_t value) {
    char digits[10];
    std::size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    console.write(std::string_view(digits + sizeof digits - n, n));
}

}  // namespace fw::platform
