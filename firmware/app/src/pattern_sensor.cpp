#include "fw/app/pattern_sensor.hpp"

namespace fw::app {

SensorResult PatternSensor::start() {
    frame_ = 0;
    return {};
}

SensorResult PatternSensor::latch_frame(uint32_t& timestamp_ms) {
    timer_.delay_ms(geometry_.frame_interval_us / 1000);
    timestamp_ms = timer_.now_ms();
    ++frame_;
    return {};
}

void PatternSensor::read_row(uint16_t y, uint8_t* out) {
    // Diagonal ridges, 8 px apart, drifting 3 px a frame.
    for (uint16_t x = 0; x < geometry_.width; ++x) {
        const uint32_t phase = (x + y + frame_ * 3u) % 8u;
        out[x] = phase < 4 ? 60 : 200;
    }
}

}  // namespace fw::app
