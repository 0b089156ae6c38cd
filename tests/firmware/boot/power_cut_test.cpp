// fw_boot_power_cut: MCUboot's simulator approach on the host flash port.
// For an update, a confirmation, a revert and a download over a pending
// candidate, power is cut at every program
// and erase in turn (once cleanly, once tearing that operation), with the
// status log fresh and with it about to rotate; after each cut the device
// is reset and must run a correctly signed image, the old or the new one,
// never brick, never lower its security counter, and never make an
// unconfirmed image permanent. Prints the cut points and their outcomes.
#include <cstdio>
#include <functional>

#include "device.hpp"
// Last: cmocka's fail() macro breaks standard headers included after it.
#include "cmocka.hpp"

namespace {

using fw::boot::BootOutcome;
using fw::boot::RunState;
using fwtest::Bytes;
using fwtest::Device;

struct Images {
    Bytes v1 = fwtest::make_image(1, 1);
    Bytes v2 = fwtest::make_image(2, 2);
};

const Images& images() {
    static const Images i;
    return i;
}

struct Tally {
    int cuts = 0, old_image = 0, new_image = 0;
};

// The device before the scenario starts; `rotate` fills the status log's
// sector so the scenario's records rotate into the other one.
Device& prepare(Device& d, bool rotate) {
    d.preload(0, images().v1);
    d.reset();
    if (rotate) {
        fw::boot::StatusLog log(d.flash);
        const auto r = *log.latest();
        for (int i = 0; i < 125; ++i) log.append(r);
    }
    return d;
}

using Steps = std::function<void(Device&)>;

// After a cut: reset, and what runs must be v1 from A or v2 from B, intact.
void check_after_cut(Device& d, const char* scenario, std::uint32_t cut, bool may_run_new_permanent,
                     std::uint32_t sequence_before, Tally& t) {
    // The log is append-only: a cut may lose the record being written, never an older one.
    const auto before_reset = d.status();
    if (!before_reset || before_reset->sequence < sequence_before)
        fail_msg("%s, cut at %u: the status log lost its state", scenario, cut);
    const BootOutcome o = d.reset();
    if (o.action != BootOutcome::Action::run)
        fail_msg("%s, cut at %u: nothing runs\n%s", scenario, cut, d.console.text().c_str());
    const Bytes& want = o.slot == 0 ? images().v1 : images().v2;
    if (d.slot_bytes(o.slot, want.size()) != want) fail_msg("%s, cut at %u: slot %u not the signed image", scenario, cut, o.slot);
    if (o.slot == 1 && o.state == RunState::permanent && !may_run_new_permanent)
        fail_msg("%s, cut at %u: unconfirmed image became permanent", scenario, cut);
    if (d.status()->security_counter < 1) fail_msg("%s, cut at %u: security counter lowered", scenario, cut);
    // A second reset must run something too (a test boot's revert, a promotion).
    if (d.reset().action != BootOutcome::Action::run) fail_msg("%s, cut at %u: second reset bricks", scenario, cut);
    ++t.cuts;
    (o.slot == 0 ? t.old_image : t.new_image) += 1;
}

// Cuts at every operation of `steps` (run after `setup`) until one run has
// no cut left in it.
Tally sweep(const char* scenario, const Steps& setup, const Steps& steps, bool may_run_new_permanent) {
    Tally total;
    for (bool rotate : {false, true}) {
        for (bool tear : {false, true}) {
            // Prepared once; each cut starts from a copy of its flash.
            Device start;
            prepare(start, rotate);
            setup(start);
            const std::uint32_t sequence_before = start.status()->sequence;
            for (std::uint32_t cut = 1;; ++cut) {
                Device d;
                std::copy(start.memory.begin(), start.memory.end(), d.memory.begin());
                d.flash.arm(cut, tear);
                steps(d);
                if (!d.flash.cut()) break;  // every operation has had its cut
                d.flash.restore_power();
                check_after_cut(d, scenario, cut, may_run_new_permanent, sequence_before, total);
            }
        }
    }
    std::printf("%-13s %4d cut points: %4d ran the old image, %4d the new one, 0 bricked\n", scenario, total.cuts,
                total.old_image, total.new_image);
    return total;
}

void update_confirm_revert_survive_every_cut(void**) {
    const Steps nothing = [](Device&) {};
    const Steps downloaded = [](Device& d) { d.download(images().v2); };
    const Steps in_test = [](Device& d) {
        d.download(images().v2);
        d.reset();
    };
    // The update: download, test boot, confirmation, promoting boot.
    const Tally update = sweep("update", nothing,
                               [](Device& d) {
                                   d.download(images().v2);
                                   d.reset();
                                   d.confirm(1);
                                   d.reset();
                               },
                               true);
    // The confirmation alone: from a pending image to permanent.
    const Tally confirm = sweep("confirmation", downloaded,
                                [](Device& d) {
                                    d.reset();
                                    d.confirm(1);
                                    d.reset();
                                },
                                true);
    // The revert: a test boot that never confirms, then the reverting reset.
    const Tally revert = sweep("revert", in_test, [](Device& d) { d.reset(); }, false);
    // A new download over a pending candidate: the candidate is withdrawn
    // before its slot is erased.
    const Tally replace = sweep("re-download", downloaded, [](Device& d) { d.download(images().v2); }, false);
    const int cuts = update.cuts + confirm.cuts + revert.cuts + replace.cuts;
    std::printf("power-loss sweep: %d cut points in all, every one booted a correctly signed image\n", cuts);
    // Both outcomes must occur, or the sweep never reached past the download.
    assert_true(update.old_image > 0 && update.new_image > 0);
    assert_true(revert.cuts > 0 && confirm.cuts > 0 && replace.cuts > 0);
}

}  // namespace

int main() {
    const CMUnitTest tests[] = {cmocka_unit_test(update_confirm_revert_survive_every_cut)};
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
