#include "hand_sensor.hpp"

#include <cstring>
#include <span>

namespace usbsim {

namespace {
constexpr std::uint32_t kFrameIntervalUs = 25000;  // 40 frames/s, as the synthetic backend's default
constexpr std::uint16_t kPpi = 500;
}  // namespace

HandSensor::HandSensor(fw::platform::Timer& timer, Citizen& citizen)
    : timer_(timer), citizen_(citizen), pixels_(std::size_t{citizen.hand.width()} * citizen.hand.height()) {}

fw::app::SensorGeometry HandSensor::geometry() const {
    return {static_cast<std::uint16_t>(citizen_.hand.width()), static_cast<std::uint16_t>(citizen_.hand.height()),
            kPpi, kFrameIntervalUs};
}

fw::app::SensorResult HandSensor::start() {
    next_frame_ = 0;
    if (!presenting_) return {};
    (void)citizen_.hand.present(citizen_.next_finger);  // 1..10: cannot fail
    citizen_.next_finger = citizen_.next_finger % 10 + 1;
    citizen_.hand.begin_session();
    return {};
}

fw::app::SensorResult HandSensor::latch_frame(std::uint32_t& timestamp_ms) {
    timer_.delay_ms(kFrameIntervalUs / 1000);  // the exposure
    timestamp_ms = timer_.now_ms();
    citizen_.hand.draw(next_frame_++, std::span<std::uint8_t>(pixels_));
    return {};
}

void HandSensor::read_row(std::uint16_t y, std::uint8_t* out) {
    const std::size_t width = citizen_.hand.width();
    if (y >= citizen_.hand.height()) return;
    std::memcpy(out, pixels_.data() + std::size_t{y} * width, width);
}

}  // namespace usbsim
