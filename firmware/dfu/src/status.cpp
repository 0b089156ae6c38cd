#include "fw/dfu/protocol.hpp"

namespace fw::dfu {

uint16_t encode_status(Status status, uint32_t poll_ms, State state, uint8_t* out, uint16_t capacity) {
    const uint8_t answer[kStatusLength] = {
        static_cast<uint8_t>(status),
        static_cast<uint8_t>(poll_ms & 0xFFu),
        static_cast<uint8_t>((poll_ms >> 8) & 0xFFu),
        static_cast<uint8_t>((poll_ms >> 16) & 0xFFu),
        static_cast<uint8_t>(state),
        0,  // iString: no status string
    };
    if (out == nullptr) return 0;
    const uint16_t n = capacity < kStatusLength ? capacity : kStatusLength;
    for (uint16_t i = 0; i < n; ++i) out[i] = answer[i];
    return n;
}

uint16_t encode_state(State state, uint8_t* out, uint16_t capacity) {
    if (out == nullptr || capacity == 0) return 0;
    out[0] = static_cast<uint8_t>(state);
    return 1;
}

}  // namespace fw::dfu
