// The other small ports the bootloader and application run on: a millisecond
// timer, a console (the UART), reset and a watchdog. Each board provides one
// implementation of each; the host build provides them for tests.
#pragma once

#include <cstdint>
#include <string_view>

namespace fw::platform {

class Timer {
public:
    [[nodiscard]] virtual std::uint32_t now_ms() = 0;  // wraps after ~49 days
    virtual void delay_ms(std::uint32_t ms) = 0;

protected:
    ~Timer() = default;
};

class Console {
public:
    virtual void write(std::string_view text) = 0;

protected:
    ~Console() = default;
};

class Reset {
public:
    // On the device this does not return; the host build records the request.
    virtual void reset() = 0;

protected:
    ~Reset() = default;
};

class Watchdog {
public:
    virtual void start(std::uint32_t timeout_ms) = 0;
    virtual void kick() = 0;

protected:
    ~Watchdog() = default;
};

// Writes `value` in decimal (no printf on the device).
void write_decimal(Console& console, std::uint32_t value);

}  // namespace fw::platform
