#include "fw/app/host/synthetic_sensor.hpp"

#include <cstring>
#include <span>
#include <utility>

namespace fw::app::host {
namespace {
constexpr std::uint32_t kFrameIntervalUs = 25000;
constexpr std::uint16_t kPpi = 500;
}  // namespace

SyntheticSensor::SyntheticSensor(platform::Timer& timer, station::biometrics::SyntheticRoll roll)
    : timer_(timer), roll_(std::move(roll)), pixels_(std::size_t{roll_.width()} * roll_.height()) {}

SensorGeometry SyntheticSensor::geometry() const {
    return {static_cast<std::uint16_t>(roll_.width()), static_cast<std::uint16_t>(roll_.height()), kPpi,
            kFrameIntervalUs};
}

SensorResult SyntheticSensor::start() {
    next_frame_ = 0;
    if (power_fault_) return {false, *power_fault_};
    powered_ = true;
    return {};
}

SensorResult SyntheticSensor::latch_frame(std::uint32_t& timestamp_ms) {
    if (!powered_) return {false, 0xFFFF};
    timer_.delay_ms(kFrameIntervalUs / 1000);  // the sensor's exposure
    timestamp_ms = timer_.now_ms();
    if (fault_ && fault_->frame == next_frame_) return {false, fault_->code};
    roll_.render(next_frame_++, std::span<std::uint8_t>(pixels_));
    return {};
}

void SyntheticSensor::read_row(std::uint16_t y, std::uint8_t* out) {
    const std::size_t width = roll_.width();
    if (y >= roll_.height()) return;
    std::memcpy(out, pixels_.data() + std::size_t{y} * width, width);
}

}  // namespace fw::app::host
