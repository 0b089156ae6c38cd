// The sensor of the emulated scanner when a citizen's hand lies on it: the
// station's own synthetic hand (station-app/biometrics), the same one the
// synthetic backend draws, so a roll through USB shows the very frames the
// synthetic scanner would for the same seed. Each roll presents the next
// finger in FGP order (1 right thumb ... 10 left little, then 1 again).
#pragma once

#include <cstdint>
#include <vector>

#include "fw/app/ports.hpp"
#include "fw/platform/ports.hpp"
#include "station/biometrics/synthetic_hand.hpp"

namespace usbsim {

// The citizen: outlives the firmware's resets, so the finger order goes on.
struct Citizen {
    explicit Citizen(std::uint64_t seed) : hand(seed) {}
    station::biometrics::SyntheticHand hand;
    int next_finger = 1;
};

class HandSensor final : public fw::app::Sensor {
public:
    HandSensor(fw::platform::Timer& timer, Citizen& citizen);

    [[nodiscard]] fw::app::SensorGeometry geometry() const override;
    // The self-test at boot looks at the bare glass; only rolls asked for
    // by the host (after boot) present a finger.
    void finger_ready() { presenting_ = true; }

    fw::app::SensorResult start() override;
    fw::app::SensorResult latch_frame(std::uint32_t& timestamp_ms) override;
    void read_row(std::uint16_t y, std::uint8_t* out) override;
    void stop() override {}

private:
    fw::platform::Timer& timer_;
    Citizen& citizen_;
    std::vector<std::uint8_t> pixels_;
    std::uint32_t next_frame_ = 0;
    bool presenting_ = false;
};

}  // namespace usbsim
