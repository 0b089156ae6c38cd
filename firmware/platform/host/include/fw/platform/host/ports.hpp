// Host implementations of the small ports, for tests: what the firmware
// would have printed, how long it would have waited, whether it reset.
#pragma once

#include <cstdint>
#include <string>

#include "fw/platform/ports.hpp"

namespace fw::platform::host {

// Keeps everything written; echoes to stderr when `echo` (test logs).
class CaptureConsole final : public Console {
public:
    explicit CaptureConsole(bool echo = false) : echo_(echo) {}
    void write(std::string_view text) override;
    [[nodiscard]] const std::string& text() const { return text_; }
    void clear() { text_.clear(); }

private:
    std::string text_;
    bool echo_;
};

// Time moves only when the firmware waits: deterministic tests.
class ManualTimer final : public Timer {
public:
    std::uint32_t now_ms() override { return now_; }
    void delay_ms(std::uint32_t ms) override { now_ += ms; }

private:
    std::uint32_t now_ = 0;
};

class RecordingReset final : public Reset {
public:
    void reset() override { ++count_; }
    [[nodiscard]] std::uint32_t count() const { return count_; }

private:
    std::uint32_t count_ = 0;
};

class RecordingWatchdog final : public Watchdog {
public:
    void start(std::uint32_t timeout_ms) override { timeout_ms_ = timeout_ms; }
    void kick() override { ++kicks_; }
    [[nodiscard]] std::uint32_t timeout_ms() const { return timeout_ms_; }
    [[nodiscard]] std::uint32_t kicks() const { return kicks_; }

private:
    std::uint32_t timeout_ms_ = 0;
    std::uint32_t kicks_ = 0;
};

}  // namespace fw::platform::host
