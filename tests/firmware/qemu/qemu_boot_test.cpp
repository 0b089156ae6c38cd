// fw_qemu_boot: the M3 bootloader and application under QEMU mps2-an385.
// The image boots, verifies and prints its version on the UART; a tampered
// candidate, one signed by an unknown key and one with an older security
// counter are refused by name while the previous image keeps running; an
// update pre-loaded in slot B boots in test state, self-tests and confirms,
// and one whose self-test fails is reverted.
#include "qemu_rig.hpp"
// Last: cmocka's fail() macro breaks standard headers included after it.
#include "cmocka.hpp"

namespace {

using fw::boot::CandidateState;
using fw::boot::StatusRecord;
using fwtest::Bytes;
using fwtest::FlashPlan;

void expect_uart(const fwtest::QemuRun& r, const char* words) {
    if (r.uart.find(words) == std::string::npos) fail_msg("UART does not say '%s':\n%s", words, r.uart.c_str());
}

void expect_exit(const fwtest::QemuRun& r, int code) {
    if (r.timed_out) fail_msg("QEMU timed out:\n%s", r.uart.c_str());
    if (r.exit_code != code) fail_msg("QEMU exit %d, expected %d:\n%s", r.exit_code, code, r.uart.c_str());
}

StatusRecord record(std::uint32_t counter, std::uint8_t candidate = fw::boot::kNoSlot) {
    StatusRecord r;
    r.active = 0;
    r.security_counter = counter;
    r.candidate = candidate;
    r.state = candidate == fw::boot::kNoSlot ? CandidateState::none : CandidateState::pending;
    return r;
}

// v1 in slot A is running; `candidate` waits in slot B, pending.
FlashPlan with_candidate(const Bytes& candidate, std::uint32_t counter = 1) {
    FlashPlan p;
    p.slot[0] = fwtest::signed_app(1, counter);
    p.slot[1] = candidate;
    p.record = record(counter, 1);
    return p;
}

void image_boots_verifies_and_prints_its_version(void**) {
    FlashPlan p;
    p.slot[0] = fwtest::signed_app(1, 1);
    const auto r = fwtest::boot_in_qemu(p, "factory");
    expect_exit(r, 0);
    expect_uart(r, "boot: slot A verified, version 1.0.0+10 (permanent)");
    expect_uart(r, "app: running version 1.0.0+10 from slot A (permanent)");
}

void tampered_candidate_is_refused_and_the_old_image_runs(void**) {
    Bytes tampered = fwtest::signed_app(2, 1);
    tampered[256 + 200] ^= 0x01;
    const auto r = fwtest::boot_in_qemu(with_candidate(tampered), "tampered");
    expect_exit(r, 0);
    expect_uart(r, "boot: slot B refused: hash_mismatch");
    expect_uart(r, "app: running version 1.0.0+10 from slot A (permanent)");
}

void unknown_key_is_refused_and_the_old_image_runs(void**) {
    const auto r = fwtest::boot_in_qemu(with_candidate(fwtest::signed_app(2, 1, fwtest::unknown_key_path())), "unknown");
    expect_exit(r, 0);
    expect_uart(r, "boot: slot B refused: unknown_key");
    expect_uart(r, "app: running version 1.0.0+10 from slot A (permanent)");
}

void older_security_counter_is_refused_and_the_old_image_runs(void**) {
    const auto r = fwtest::boot_in_qemu(with_candidate(fwtest::signed_app(2, 4), 5), "rollback");
    expect_exit(r, 0);
    expect_uart(r, "boot: slot B refused: rollback");
    expect_uart(r, "app: running version 1.0.0+10 from slot A (permanent)");
}

void update_boots_in_test_self_tests_and_confirms(void**) {
    const auto r = fwtest::boot_in_qemu(with_candidate(fwtest::signed_app(2, 2)), "update");
    expect_exit(r, 0);
    expect_uart(r, "boot: slot B verified, version 2.0.0+20 (test)");
    expect_uart(r, "app: running version 2.0.0+20 from slot B (test)");
    expect_uart(r, "app: self-test passed: image confirmed, restarting");
    // After the restart the bootloader promotes it.
    expect_uart(r, "boot: slot B verified, version 2.0.0+20 (permanent)");
    expect_uart(r, "app: running version 2.0.0+20 from slot B (permanent)");
}

void failed_self_test_reverts_to_the_old_image(void**) {
    const Bytes failing = fwtest::signed_app(2, 2, fwtest::factory_key_path(), "selftest_app_fails.bin");
    const auto r = fwtest::boot_in_qemu(with_candidate(failing), "revert");
    expect_exit(r, 0);
    expect_uart(r, "app: running version 2.0.0+20 from slot B (test)");
    expect_uart(r, "app: self-test failed: not confirming, restarting");
    expect_uart(r, "boot: slot B was not confirmed: reverting");
    expect_uart(r, "app: running version 1.0.0+10 from slot A (permanent)");
}

void nothing_valid_means_dfu_mode(void**) {
    const auto r = fwtest::boot_in_qemu(FlashPlan{}, "blank");
    expect_exit(r, 3);
    expect_uart(r, "boot: DFU mode: no valid image");
}

}  // namespace

int main() {
    const CMUnitTest tests[] = {
        cmocka_unit_test(image_boots_verifies_and_prints_its_version),
        cmocka_unit_test(tampered_candidate_is_refused_and_the_old_image_runs),
        cmocka_unit_test(unknown_key_is_refused_and_the_old_image_runs),
        cmocka_unit_test(older_security_counter_is_refused_and_the_old_image_runs),
        cmocka_unit_test(update_boots_in_test_self_tests_and_confirms),
        cmocka_unit_test(failed_self_test_reverts_to_the_old_image),
        cmocka_unit_test(nothing_valid_means_dfu_mode),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
