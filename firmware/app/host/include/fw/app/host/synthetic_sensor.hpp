// The host build's sensor: frames of the station's synthetic roll generator
// (station-app/biometrics), so the emulated scanner streams a real-looking
// rolled finger. Faults can be injected at a chosen frame.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "fw/app/ports.hpp"
#include "fw/platform/ports.hpp"
#include "station/biometrics/synthetic_roll.hpp"

namespace fw::app::host {

class SyntheticSensor final : public Sensor {
public:
    // 500 ppi, 40 frames/s; the roll's frames repeat from the start for
    // each roll.
    SyntheticSensor(platform::Timer& timer, station::biometrics::SyntheticRoll roll);

    SensorGeometry geometry() const override;
    SensorResult start() override;
    SensorResult latch_frame(std::uint32_t& timestamp_ms) override;
    void read_row(std::uint16_t y, std::uint8_t* out) override;
    void stop() override { powered_ = false; }

    // The `frame`-th latch of the next rolls (0-based) fails with `code`.
    void fail_at_frame(std::uint32_t frame, std::uint16_t code) { fault_ = Fault{frame, code}; }
    void fail_power_up(std::uint16_t code) { power_fault_ = code; }
    [[nodiscard]] const std::vector<std::uint8_t>& latched() const { return pixels_; }
    [[nodiscard]] bool powered() const { return powered_; }

private:
    struct Fault {
        std::uint32_t frame;
        std::uint16_t code;
    };
    platform::Timer& timer_;
    station::biometrics::SyntheticRoll roll_;
    std::vector<std::uint8_t> pixels_;
    std::uint32_t next_frame_ = 0;
    std::optional<Fault> fault_;
    std::optional<std::uint16_t> power_fault_;
    bool powered_ = false;
};

}  // namespace fw::app::host
