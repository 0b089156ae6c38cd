// The M3 build's sensor: QEMU has no fingerprint sensor, so a tiny built-in
// pattern (ridges that drift with each frame, like a finger rolling) stands
// in. Frames are computed row by row; nothing is stored.
#pragma once

#include <stdint.h>

#include "fw/app/ports.hpp"
#include "fw/platform/ports.hpp"

namespace fw::app {

class PatternSensor final : public Sensor {
public:
    PatternSensor(platform::Timer& timer, SensorGeometry geometry) : timer_(timer), geometry_(geometry) {}

    SensorGeometry geometry() const override { return geometry_; }
    SensorResult start() override;
    SensorResult latch_frame(uint32_t& timestamp_ms) override;
    void read_row(uint16_t y, uint8_t* out) override;
    void stop() override {}

private:
    platform::Timer& timer_;
    SensorGeometry geometry_;
    uint32_t frame_ = 0;
};

// 800 x 750 at 500 ppi (a 1.6 x 1.5 in rolled-print platen), 40 frames/s.
inline constexpr SensorGeometry kPlatenGeometry{800, 750, 500, 25000};

}  // namespace fw::app
