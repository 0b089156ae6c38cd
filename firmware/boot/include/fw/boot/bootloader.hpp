// The reset-time decision of firmware/IMAGE.md §4: which slot runs, in which
// state, or DFU mode. Pure logic over the flash and console ports: the M3
// entry point copies and jumps, the host tests just look at the outcome.
#pragma once

#include <cstdint>
#include <span>

#include "fw/boot/status.hpp"
#include "fw/image/verify.hpp"
#include "fw/platform/ports.hpp"

namespace fw::boot {

enum class RunState : std::uint8_t { permanent = 1, test = 2 };

struct BootOutcome {
    enum class Action : std::uint8_t { run, dfu } action = Action::dfu;
    std::uint8_t slot = kNoSlot;
    RunState state = RunState::permanent;
    image::Header header;                        // of the image to run
    std::uint32_t security_counter = 0;          // stored, after this boot's records
    image::Reason last_refusal = image::Reason::ok;  // of this boot, if any
};

struct BootConfig {
    std::span<const image::PublicKey> keys;
    std::uint32_t load_window_start;
    std::uint32_t load_window_size;
};

// Policy to verify a slot against, with the stored counter as the floor.
image::Policy slot_policy(const BootConfig& config, std::uint32_t min_counter);

// One reset. `dfu_requested`: the application asked for DFU mode (DETACH).
BootOutcome boot(platform::Flash& flash, platform::Console& console, const BootConfig& config,
                 bool dfu_requested);

// "A", "B".
char slot_name(std::uint8_t slot);

}  // namespace fw::boot
