// fw_platform_flash: the flash port's NOR rules (erase sets 0xFF, program
// only clears bits and refuses anything else without changing a byte,
// alignment and range refused) and the power-cut injector (the Nth program
// or erase loses power, optionally torn; everything after fails).
#include <algorithm>
#include <array>

#include "fw/platform/host/power_cut_flash.hpp"
#include "fw/platform/ram_nor_flash.hpp"
// Last: cmocka's fail() macro breaks standard headers included after it.
#include "cmocka.hpp"

namespace {

using fw::platform::FlashStatus;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint32_t kBase = 0x8000;

struct Nor {
    Bytes memory = Bytes(4 * 4096, 0xFF);
    fw::platform::RamNorFlash flash{memory, kBase, 4096, 4};
};

void status_is(FlashStatus got, FlashStatus want) {
    if (got != want) fail_msg("expected %s, got %s", flash_status_name(want), flash_status_name(got));
}

void program_clears_bits_and_refuses_to_set_them(void**) {
    Nor n;
    const std::array<std::uint8_t, 4> a{0xF0, 0x0F, 0xAA, 0x00};
    status_is(n.flash.program(kBase + 8, a), FlashStatus::ok);
    assert_true(std::equal(a.begin(), a.end(), n.memory.begin() + 8));
    const std::array<std::uint8_t, 4> clear_more{0x00, 0x0F, 0x00, 0x00};
    status_is(n.flash.program(kBase + 8, clear_more), FlashStatus::ok);
    assert_int_equal(n.memory[8], 0x00);
    const Bytes before = n.memory;
    const std::array<std::uint8_t, 8> sets_a_bit{0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01};
    status_is(n.flash.program(kBase + 4, sets_a_bit), FlashStatus::not_erased);
    assert_true(n.memory == before);  // refused as a whole: not even the first word changed
}

void erase_sets_a_whole_sector_to_ff(void**) {
    Nor n;
    std::fill(n.memory.begin(), n.memory.end(), 0x00);
    status_is(n.flash.erase_sector(kBase + 4096), FlashStatus::ok);
    assert_true(std::all_of(n.memory.begin() + 4096, n.memory.begin() + 8192, [](auto b) { return b == 0xFF; }));
    assert_int_equal(n.memory[4095], 0x00);
    assert_int_equal(n.memory[8192], 0x00);
    status_is(n.flash.erase_sector(kBase + 100), FlashStatus::misaligned);
}

void alignment_and_range_are_refused(void**) {
    Nor n;
    const std::array<std::uint8_t, 4> w{};
    const std::array<std::uint8_t, 3> odd{};
    status_is(n.flash.program(kBase + 2, w), FlashStatus::misaligned);
    status_is(n.flash.program(kBase, odd), FlashStatus::misaligned);
    status_is(n.flash.program(kBase - 4, w), FlashStatus::out_of_range);
    status_is(n.flash.program(kBase + 4 * 4096, w), FlashStatus::out_of_range);
    std::array<std::uint8_t, 8> out{};
    status_is(n.flash.read(kBase + 4 * 4096 - 4, out), FlashStatus::out_of_range);
    status_is(n.flash.read(0xFFFFFFFC, out), FlashStatus::out_of_range);
    status_is(n.flash.erase_sector(kBase + 4 * 4096), FlashStatus::out_of_range);
}

void power_is_cut_at_the_nth_operation(void**) {
    Nor n;
    fw::platform::host::PowerCutFlash cut(n.flash);
    cut.arm(3, false);
    const std::array<std::uint8_t, 4> zero{};
    status_is(cut.program(kBase, zero), FlashStatus::ok);
    status_is(cut.erase_sector(kBase + 4096), FlashStatus::ok);
    status_is(cut.program(kBase + 4, zero), FlashStatus::power_cut);  // the 3rd: not done
    assert_int_equal(n.memory[4], 0xFF);
    assert_true(cut.cut());
    std::array<std::uint8_t, 4> out{};
    status_is(cut.read(kBase, out), FlashStatus::power_cut);  // dead until power returns
    status_is(cut.program(kBase + 8, zero), FlashStatus::power_cut);
    cut.restore_power();
    status_is(cut.program(kBase + 8, zero), FlashStatus::ok);
}

void a_torn_operation_is_partly_done(void**) {
    Nor n;
    fw::platform::host::PowerCutFlash cut(n.flash);
    const Bytes zeros(16, 0x00);
    cut.arm(1, true);
    status_is(cut.program(kBase, zeros), FlashStatus::power_cut);
    // Half the words landed, the next one only partly, the rest not at all.
    assert_true(std::all_of(n.memory.begin(), n.memory.begin() + 8, [](auto b) { return b == 0x00; }));
    assert_true(std::all_of(n.memory.begin() + 8, n.memory.begin() + 12, [](auto b) { return b != 0x00 && b != 0xFF; }));
    assert_true(std::all_of(n.memory.begin() + 12, n.memory.begin() + 16, [](auto b) { return b == 0xFF; }));

    std::fill(n.memory.begin(), n.memory.begin() + 4096, 0x00);
    cut.arm(1, true);
    status_is(cut.erase_sector(kBase), FlashStatus::power_cut);
    assert_int_equal(n.memory[0], 0xFF);
    assert_int_equal(n.memory[4095], 0x00);
}

}  // namespace

int main() {
    const CMUnitTest tests[] = {
        cmocka_unit_test(program_clears_bits_and_refuses_to_set_them),
        cmocka_unit_test(erase_sets_a_whole_sector_to_ff),
        cmocka_unit_test(alignment_and_range_are_refused),
        cmocka_unit_test(power_is_cut_at_the_nth_operation),
        cmocka_unit_test(a_torn_operation_is_partly_done),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
