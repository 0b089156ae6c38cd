#include "fw/boot/bootloader.hpp"

#include "fw/boot/confirm.hpp"
#include "fw/platform/layout.hpp"

namespace fw::boot {
namespace {

namespace layout = platform::layout;
using image::Reason;
using Action = BootOutcome::Action;

// The per-boot context: ports, configuration, and what this boot decided.
struct Run {
    platform::Flash& flash;
    platform::Console& console;
    const BootConfig& config;
    StatusLog log;
    BootOutcome out;
};

void say(Run& run, std::string_view a, std::string_view b = {}, std::string_view c = {}) {
    run.console.write(a);
    run.console.write(b);
    run.console.write(c);
}

void say_slot(Run& run, std::string_view what, std::uint8_t slot, std::string_view rest) {
    const char name[2] = {slot_name(slot), '\0'};
    say(run, what, std::string_view(name, 1), rest);
}

void say_version(Run& run, const image::Version& v) {
    platform::write_decimal(run.console, v.major);
    run.console.write(".");
    platform::write_decimal(run.console, v.minor);
    run.console.write(".");
    platform::write_decimal(run.console, v.patch);
    run.console.write("+");
    platform::write_decimal(run.console, v.build);
}

image::Verdict check(Run& run, std::uint8_t slot, std::uint32_t min_counter) {
    return image::verify_slot(run.flash, layout::kSlotOffset[slot], slot_policy(run.config, min_counter));
}

void refused(Run& run, std::uint8_t slot, Reason reason) {
    run.out.last_refusal = reason;
    say_slot(run, "boot: slot ", slot, " refused: ");
    say(run, image::reason_name(reason), "\n");
}

BootOutcome& start(Run& run, std::uint8_t slot, RunState state, const image::Verdict& v, std::uint32_t counter) {
    run.out.action = Action::run;
    run.out.slot = slot;
    run.out.state = state;
    run.out.header = v.header;
    run.out.security_counter = counter;
    say_slot(run, "boot: slot ", slot, " verified, version ");
    say_version(run, v.header.version);
    say(run, state == RunState::test ? " (test)\n" : " (permanent)\n");
    return run.out;
}

BootOutcome& enter_dfu(Run& run, std::string_view why) {
    run.out.action = Action::dfu;
    say(run, "boot: DFU mode: ", why, "\n");
    return run.out;
}

// Factory state: no record yet. The first slot that verifies becomes active.
BootOutcome& first_boot(Run& run) {
    for (std::uint8_t slot = 0; slot < 2; ++slot) {
        const image::Verdict v = check(run, slot, 0);
        if (!v.ok()) {
            refused(run, slot, v.reason);
            continue;
        }
        StatusRecord r;
        r.active = slot;
        r.security_counter = v.header.security_counter;
        if (!run.log.append(r)) return enter_dfu(run, "status area not writable");
        return start(run, slot, RunState::permanent, v, r.security_counter);
    }
    return enter_dfu(run, "no valid image");
}

bool drop_candidate(Run& run, StatusRecord r, Reason reason) {
    r.candidate = kNoSlot;
    r.state = CandidateState::none;
    r.last_reason = static_cast<std::uint32_t>(reason);
    return run.log.append(r);
}

// PENDING: verify, record TESTING, then run it once. The record comes first,
// so a crash of the new image reverts at the next reset.
bool try_pending(Run& run, StatusRecord& r) {
    const image::Verdict v = check(run, r.candidate, r.security_counter);
    if (!v.ok()) {
        refused(run, r.candidate, v.reason);
        drop_candidate(run, r, v.reason);
        return false;
    }
    StatusRecord next = r;
    next.state = CandidateState::testing;
    if (!run.log.append(next)) return false;
    start(run, r.candidate, RunState::test, v, r.security_counter);
    return true;
}

// TESTING: it ran once. Confirmed and still valid: it becomes the active
// image and the counter rises to its own. Otherwise: back to the old image.
bool settle_testing(Run& run, StatusRecord& r) {
    const image::Verdict v = check(run, r.candidate, r.security_counter);
    if (v.ok() && is_confirmed(run.flash, r.candidate)) {
        StatusRecord next = r;
        next.active = r.candidate;
        next.candidate = kNoSlot;
        next.state = CandidateState::none;
        if (v.header.security_counter > next.security_counter) next.security_counter = v.header.security_counter;
        if (!run.log.append(next)) return false;
        start(run, next.active, RunState::permanent, v, next.security_counter);
        return true;
    }
    if (!v.ok()) refused(run, r.candidate, v.reason);
    say_slot(run, "boot: slot ", r.candidate, " was not confirmed: reverting\n");
    drop_candidate(run, r, v.reason);
    return false;
}

BootOutcome& run_active(Run& run, const StatusRecord& r) {
    const image::Verdict v = check(run, r.active, r.security_counter);
    if (!v.ok()) {
        refused(run, r.active, v.reason);
        return enter_dfu(run, "active image invalid");
    }
    return start(run, r.active, RunState::permanent, v, r.security_counter);
}

}  // namespace

char slot_name(std::uint8_t slot) { return slot == 0 ? 'A' : slot == 1 ? 'B' : '?'; }

image::Policy slot_policy(const BootConfig& config, std::uint32_t min_counter) {
    image::Policy p;
    p.keys = config.keys;
    p.min_security_counter = min_counter;
    p.capacity = layout::kSlotCapacity;
    p.load_window_start = config.load_window_start;
    p.load_window_size = config.load_window_size;
    return p;
}

BootOutcome boot(platform::Flash& flash, platform::Console& console, const BootConfig& config, bool dfu_requested) {
    Run run{flash, console, config, StatusLog(flash), {}};
    const std::optional<StatusRecord> record = run.log.latest();
    if (dfu_requested) return enter_dfu(run, "requested by the application");
    if (!record) return first_boot(run);
    StatusRecord r = *record;
    run.out.security_counter = r.security_counter;
    if (r.state == CandidateState::pending && try_pending(run, r)) return run.out;
    if (r.state == CandidateState::testing && settle_testing(run, r)) return run.out;
    return run_active(run, r);
}

}  // namespace fw::boot
