// fw_boot_dfu_download: the DFU 1.1 state machine (firmware/dfu) over the
// bootloader's real inactive-slot target, driven as dfu-util drives it:
// DNLOAD, GETSTATUS (honest poll timeout), the flash work, GETSTATUS, then
// the zero-length DNLOAD and manifestation; then a reset boots the download
// in test state. Refused images end in a DFU error status, wrong-state and
// oversize requests stall, and nothing outside the inactive slot changes.
#include <algorithm>

#include "device.hpp"
#include "fw/dfu/dfu_mode.hpp"
// Last: cmocka's fail() macro breaks standard headers included after it.
#include "cmocka.hpp"

namespace {

using fw::dfu::Request;
using fw::dfu::State;
using fw::dfu::Status;
using fwtest::Bytes;
using fwtest::Device;
namespace layout = fw::platform::layout;

struct DfuStatus {
    Status status;
    std::uint32_t poll_ms;
    State state;
};

// The host side of the control pipe.
struct Host {
    fw::dfu::DfuMode& dfu;
    std::uint8_t in[fw::dfu::kTransferSize] = {};

    fw::usb::ControlReply out(Request r, std::uint16_t value, const std::uint8_t* data, std::uint16_t length) {
        fw::usb::ControlRequest req{fw::dfu::kRequestOut, static_cast<std::uint8_t>(r), value, 0, length, data};
        return dfu.handle(req, in, sizeof in);
    }

    DfuStatus getstatus() {
        fw::usb::ControlRequest req{fw::dfu::kRequestIn, static_cast<std::uint8_t>(Request::getstatus), 0, 0, 6, nullptr};
        const auto reply = dfu.handle(req, in, sizeof in);
        assert_false(reply.stall);
        assert_int_equal(reply.length, 6);
        return {static_cast<Status>(in[0]), static_cast<std::uint32_t>(in[1] | in[2] << 8 | in[3] << 16),
                static_cast<State>(in[4])};
    }

    // One DNLOAD the way dfu-util sends it; returns the status after the work.
    DfuStatus dnload(std::uint16_t block, const std::uint8_t* data, std::uint16_t length) {
        if (out(Request::dnload, block, data, length).stall) return getstatus();
        const DfuStatus busy = getstatus();
        dfu.complete_pending();
        const DfuStatus done = getstatus();
        if (done.status == Status::ok && busy.poll_ms == 0 && length != 0)
            fail_msg("block %u: a flash write announced with a 0 ms poll timeout", block);
        return done;
    }

    DfuStatus download(const Bytes& image) {
        std::uint16_t block = 0;
        for (std::size_t at = 0; at < image.size(); at += fw::dfu::kTransferSize, ++block) {
            const auto n = static_cast<std::uint16_t>(std::min<std::size_t>(fw::dfu::kTransferSize, image.size() - at));
            const DfuStatus s = dnload(block, image.data() + at, n);
            if (s.status != Status::ok) return s;
        }
        return dnload(block, nullptr, 0);  // end of download: manifestation
    }
};

// A field device (v1 with `counter` in slot A) in DFU mode, and its host.
struct Rig {
    Device d;
    fw::boot::SlotTarget target;
    fw::dfu::DfuMode dfu;
    Host host;

    explicit Rig(std::uint32_t counter = 1) : target(prepared(d, counter), d.config), dfu(target, {}), host{dfu} {}

    static fw::platform::Flash& prepared(Device& d, std::uint32_t counter) {
        d.preload(0, fwtest::make_image(1, counter));
        d.reset();
        return d.flash;
    }
};

bool same_outside_slot(const Bytes& before, const Bytes& after, std::uint8_t slot) {
    const auto begin = layout::kSlotOffset[slot], end = begin + layout::kSlotSize;
    return std::equal(before.begin(), before.begin() + begin, after.begin()) &&
           std::equal(before.begin() + end, before.end(), after.begin() + end);
}

void a_download_boots_in_test_state(void**) {
    Rig rig;
    auto& [d, target, dfu, host] = rig;
    const Bytes v2 = fwtest::make_image(2, 2, 5000);
    const DfuStatus s = host.download(v2);
    assert_int_equal(static_cast<int>(s.status), static_cast<int>(Status::ok));
    assert_true(s.state == State::dfu_idle || s.state == State::manifest_wait_reset);
    assert_true(d.slot_bytes(1, v2.size()) == v2);
    const auto o = d.reset();
    assert_int_equal(o.slot, 1);
    assert_int_equal(static_cast<int>(o.state), static_cast<int>(fw::boot::RunState::test));
}

void refused_images_end_in_an_error_status(void**) {
    const Bytes unknown = fwtest::make_image(2, 2, 5000, fwtest::unknown_key_path());
    Bytes tampered = fwtest::make_image(2, 2, 5000);
    tampered[3000] ^= 4;
    for (const Bytes* image : std::initializer_list<const Bytes*>{&unknown, &tampered}) {
        Rig rig;
        auto& [d, target, dfu, host] = rig;
        const Bytes before = d.memory;
        const DfuStatus s = host.download(*image);
        assert_int_equal(static_cast<int>(s.status), static_cast<int>(Status::err_verify));
        assert_int_equal(static_cast<int>(s.state), static_cast<int>(State::error));
        assert_true(same_outside_slot(before, d.memory, 1));
        assert_int_equal(d.reset().slot, 0);
    }
}

void rollback_header_is_refused_at_the_first_block(void**) {
    Rig rig(7);
    auto& [d, target, dfu, host] = rig;
    const Bytes old = fwtest::make_image(2, 6, 5000);
    const DfuStatus s = host.dnload(0, old.data(), fw::dfu::kTransferSize);
    assert_int_equal(static_cast<int>(s.status), static_cast<int>(Status::err_write));
    assert_int_equal(static_cast<int>(target.last_reason()), static_cast<int>(fw::image::Reason::rollback));
    const Bytes b = d.slot_bytes(1, fw::dfu::kTransferSize);
    assert_true(std::all_of(b.begin(), b.end(), [](std::uint8_t x) { return x == 0xFF; }));
}

void oversize_and_wrong_state_requests_stall(void**) {
    Rig rig;
    auto& [d, target, dfu, host] = rig;
    const Bytes before = d.memory;
    Bytes big(fw::dfu::kTransferSize + 1, 0);
    assert_true(host.out(Request::dnload, 0, big.data(), static_cast<std::uint16_t>(big.size())).stall);
    assert_int_equal(static_cast<int>(host.getstatus().state), static_cast<int>(State::error));
    assert_false(host.out(Request::clrstatus, 0, nullptr, 0).stall);
    // A zero-length DNLOAD with nothing downloaded, and CLRSTATUS outside dfuERROR.
    assert_true(host.out(Request::dnload, 0, nullptr, 0).stall);
    assert_false(host.out(Request::clrstatus, 0, nullptr, 0).stall);
    assert_true(host.out(Request::clrstatus, 0, nullptr, 0).stall);
    assert_true(d.memory == before);  // nothing was written anywhere
}

}  // namespace

int main() {
    const CMUnitTest tests[] = {
        cmocka_unit_test(a_download_boots_in_test_state),
        cmocka_unit_test(refused_images_end_in_an_error_status),
        cmocka_unit_test(rollback_header_is_refused_at_the_first_block),
        cmocka_unit_test(oversize_and_wrong_state_requests_stall),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
