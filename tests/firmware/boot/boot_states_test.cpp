// fw_boot_states: the reset-time decisions of firmware/IMAGE.md §4 on the
// host flash port: factory boot, update through DFU into the inactive slot,
// one boot in test state, confirmation, revert, anti-rollback, DFU mode, and
// the DFU target's refusals (nothing written outside the inactive slot).
#include <algorithm>

#include "device.hpp"
// Last: cmocka's fail() macro breaks standard headers included after it.
#include "cmocka.hpp"

namespace {

using fw::boot::BootOutcome;
using fw::boot::RunState;
using fw::image::Reason;
using fwtest::Bytes;
using fwtest::Device;
namespace layout = fw::platform::layout;

void expect_run(const BootOutcome& o, std::uint8_t slot, RunState state, std::uint8_t major) {
    assert_int_equal(static_cast<int>(o.action), static_cast<int>(BootOutcome::Action::run));
    assert_int_equal(o.slot, slot);
    assert_int_equal(static_cast<int>(o.state), static_cast<int>(state));
    assert_int_equal(o.header.version.major, major);
}

void expect_said(const Device& d, const char* words) {
    if (d.console.text().find(words) == std::string::npos)
        fail_msg("console does not say '%s':\n%s", words, d.console.text().c_str());
}

// A device in the field: v1 (counter 1) in slot A, booted once.
Device& field_device(Device& d) {
    d.preload(0, fwtest::make_image(1, 1));
    expect_run(d.reset(), 0, RunState::permanent, 1);
    return d;
}

void factory_boot_makes_the_first_valid_slot_active(void**) {
    Device d;
    d.preload(1, fwtest::make_image(1, 4));
    const BootOutcome o = d.reset();
    expect_run(o, 1, RunState::permanent, 1);
    expect_said(d, "slot A refused: bad_magic");
    expect_said(d, "slot B verified, version 1.0.0+10 (permanent)");
    const auto r = d.status();
    assert_true(r.has_value());
    assert_int_equal(r->active, 1);
    assert_int_equal(r->security_counter, 4);
}

void update_boots_once_in_test_then_confirmed_stays(void**) {
    Device d;
    field_device(d);
    const Bytes v2 = fwtest::make_image(2, 3);
    assert_int_equal(static_cast<int>(d.download(v2)), static_cast<int>(Reason::ok));
    assert_int_equal(static_cast<int>(d.status()->state), static_cast<int>(fw::boot::CandidateState::pending));
    expect_run(d.reset(), 1, RunState::test, 2);
    expect_said(d, "(test)");
    assert_true(d.confirm(1));
    expect_run(d.reset(), 1, RunState::permanent, 2);
    assert_int_equal(d.status()->security_counter, 3);
    expect_run(d.reset(), 1, RunState::permanent, 2);
    // The next update goes to A, the slot that is now inactive.
    assert_int_equal(static_cast<int>(d.download(fwtest::make_image(3, 3))), static_cast<int>(Reason::ok));
    expect_run(d.reset(), 0, RunState::test, 3);
}

void unconfirmed_update_reverts_at_the_next_reset(void**) {
    Device d;
    field_device(d);
    assert_int_equal(static_cast<int>(d.download(fwtest::make_image(2, 3))), static_cast<int>(Reason::ok));
    expect_run(d.reset(), 1, RunState::test, 2);
    expect_run(d.reset(), 0, RunState::permanent, 1);  // no confirmation: back to v1
    expect_said(d, "slot B was not confirmed: reverting");
    assert_int_equal(d.status()->security_counter, 1);  // an unconfirmed image raises nothing
    expect_run(d.reset(), 0, RunState::permanent, 1);
}

// Refusals at manifestation (or at the first block) leave no candidate and
// change nothing outside the inactive slot.
void refused_downloads_touch_only_the_inactive_slot(void**) {
    struct Case {
        const char* what;
        Bytes image;
        Reason want;
    };
    Bytes tampered = fwtest::make_image(2, 3);
    tampered[256 + 17] ^= 0x40;
    Bytes lying = fwtest::make_image(2, 3);
    fwtest::put_le32(lying, 0x0C, 0x7FFFFFFF);
    const Case cases[] = {
        {"tampered", tampered, Reason::hash_mismatch},
        {"unknown key", fwtest::make_image(2, 3, 6000, fwtest::unknown_key_path()), Reason::unknown_key},
        {"truncated", Bytes(tampered.begin(), tampered.end() - 20), Reason::truncated},
        {"header lies about its size", lying, Reason::image_too_large},
    };
    for (const Case& c : cases) {
        Device d;
        field_device(d);
        const Bytes before = d.memory;
        const Reason got = d.download(c.image);
        if (got != c.want) fail_msg("%s: expected %s, got %s", c.what, reason_name(c.want), reason_name(got));
        const auto inactive = layout::kSlotOffset[1];
        assert_true(std::equal(before.begin(), before.begin() + inactive, d.memory.begin()));
        assert_true(std::equal(before.begin() + inactive + layout::kSlotSize, before.end(),
                               d.memory.begin() + inactive + layout::kSlotSize));
        expect_run(d.reset(), 0, RunState::permanent, 1);
    }
}

void older_security_counter_is_refused_before_it_is_written(void**) {
    Device d;
    field_device(d);
    assert_int_equal(static_cast<int>(d.download(fwtest::make_image(2, 5))), static_cast<int>(Reason::ok));
    d.reset();
    assert_true(d.confirm(1));
    expect_run(d.reset(), 1, RunState::permanent, 2);  // counter now 5
    const Bytes old = fwtest::make_image(3, 4);
    assert_int_equal(static_cast<int>(d.download(old)), static_cast<int>(Reason::rollback));
    // Slot A was erased for the download, but not one byte of the old image landed.
    const Bytes a = d.slot_bytes(0, old.size());
    assert_true(std::all_of(a.begin(), a.end(), [](std::uint8_t b) { return b == 0xFF; }));
    expect_run(d.reset(), 1, RunState::permanent, 2);
}

// Someone writes an old image and a pending record behind the DFU path's
// back: the bootloader still refuses it, by name, and runs the active image.
void boot_refuses_a_rolled_back_candidate(void**) {
    Device d;
    d.preload(0, fwtest::make_image(1, 7));
    d.reset();
    d.preload(1, fwtest::make_image(2, 6));
    fw::boot::StatusRecord r = *d.status();
    r.candidate = 1;
    r.state = fw::boot::CandidateState::pending;
    assert_true(fw::boot::StatusLog(d.flash).append(r));
    expect_run(d.reset(), 0, RunState::permanent, 1);
    expect_said(d, "slot B refused: rollback");
    assert_int_equal(d.status()->last_reason, static_cast<int>(Reason::rollback));
    assert_int_equal(d.status()->candidate, fw::boot::kNoSlot);
}

// The application's only write is its confirm word: 4 bytes, nothing else.
void confirming_writes_only_the_confirm_word(void**) {
    Device d;
    field_device(d);
    d.download(fwtest::make_image(2, 3));
    d.reset();
    const Bytes before = d.memory;
    assert_true(d.confirm(1));
    std::size_t changed = 0;
    for (std::size_t i = 0; i < before.size(); ++i) changed += before[i] != d.memory[i];
    assert_true(changed > 0 && changed <= 4);
    const auto word = layout::kSlotOffset[1] + layout::kConfirmWordOffset;
    assert_true(std::equal(before.begin(), before.begin() + word, d.memory.begin()));
    assert_true(std::equal(before.begin() + word + 4, before.end(), d.memory.begin() + word + 4));
}

void dfu_mode_when_asked_or_when_nothing_is_valid(void**) {
    Device d;
    field_device(d);
    assert_int_equal(static_cast<int>(d.reset(true).action), static_cast<int>(BootOutcome::Action::dfu));
    expect_said(d, "DFU mode: requested by the application");

    Device blank;
    assert_int_equal(static_cast<int>(blank.reset().action), static_cast<int>(BootOutcome::Action::dfu));
    expect_said(blank, "DFU mode: no valid image");
    // A download into the blank device becomes its active image directly.
    assert_int_equal(static_cast<int>(blank.download(fwtest::make_image(1, 1))), static_cast<int>(Reason::ok));
    expect_run(blank.reset(), 0, RunState::permanent, 1);

    Device broken;
    field_device(broken);
    broken.memory[layout::kSlotOffset[0] + 400] ^= 1;
    assert_int_equal(static_cast<int>(broken.reset().action), static_cast<int>(BootOutcome::Action::dfu));
    expect_said(broken, "slot A refused: hash_mismatch");
}

void target_reads_back_exactly_the_image_and_refuses_stray_blocks(void**) {
    Device d;
    field_device(d);
    const Bytes v2 = fwtest::make_image(2, 3, 5001);  // not a multiple of a flash word
    assert_int_equal(static_cast<int>(d.download(v2, 333)), static_cast<int>(Reason::ok));
    fw::boot::SlotTarget t(d.flash, d.config);
    Bytes back;
    std::uint8_t chunk[1024];
    for (std::uint32_t n; (n = t.read(static_cast<std::uint32_t>(back.size()), chunk, sizeof chunk)) != 0;)
        back.insert(back.end(), chunk, chunk + n);
    assert_true(back == v2);

    fw::boot::SlotTarget fresh(d.flash, d.config);  // B is now a candidate: A is active, B inactive
    assert_int_equal(fresh.slot(), 1);
    assert_int_equal(static_cast<int>(fresh.erase()), static_cast<int>(fw::dfu::FlashStatus::ok));
    assert_false(d.status()->candidate == 1);  // erasing a candidate first withdraws it
    const std::uint8_t block[16] = {};
    assert_int_equal(static_cast<int>(fresh.write(layout::kSlotCapacity - 8, block, 16)),
                     static_cast<int>(fw::dfu::FlashStatus::out_of_range));
    assert_int_equal(static_cast<int>(fresh.write(64, block, 16)), static_cast<int>(fw::dfu::FlashStatus::out_of_range));
    assert_int_equal(static_cast<int>(fresh.write(0, block, 16)), static_cast<int>(fw::dfu::FlashStatus::ok));
    assert_int_equal(static_cast<int>(fresh.manifest(16).reason), static_cast<int>(fw::dfu::ImageReason::truncated));
}

// Many updates wrap the status log round its two sectors; the state holds.
void status_log_survives_rotation(void**) {
    Device d;
    field_device(d);
    const Bytes images[2] = {fwtest::make_image(2, 2), fwtest::make_image(3, 2)};
    std::uint8_t expect_slot = 0;
    for (int round = 0; round < 90; ++round) {  // 3 records a round, 128 a sector: both sectors wrap
        d.download(images[round % 2]);
        expect_slot = static_cast<std::uint8_t>(1 - expect_slot);
        expect_run(d.reset(), expect_slot, RunState::test, static_cast<std::uint8_t>(2 + round % 2));
        d.confirm(expect_slot);
        expect_run(d.reset(), expect_slot, RunState::permanent, static_cast<std::uint8_t>(2 + round % 2));
    }
    assert_true(d.status()->sequence > 2 * 128);
}

}  // namespace

int main() {
    const CMUnitTest tests[] = {
        cmocka_unit_test(factory_boot_makes_the_first_valid_slot_active),
        cmocka_unit_test(update_boots_once_in_test_then_confirmed_stays),
        cmocka_unit_test(unconfirmed_update_reverts_at_the_next_reset),
        cmocka_unit_test(refused_downloads_touch_only_the_inactive_slot),
        cmocka_unit_test(older_security_counter_is_refused_before_it_is_written),
        cmocka_unit_test(boot_refuses_a_rolled_back_candidate),
        cmocka_unit_test(confirming_writes_only_the_confirm_word),
        cmocka_unit_test(dfu_mode_when_asked_or_when_nothing_is_valid),
        cmocka_unit_test(target_reads_back_exactly_the_image_and_refuses_stray_blocks),
        cmocka_unit_test(status_log_survives_rotation),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
