// The DFU-mode state machine against the DFU 1.1 state table (appendix A.2),
// over a fake Target: downloads, read-back, every wrong-state request,
// oversize and out-of-slot blocks, ABORT, and refusals at manifestation.
#include <array>
#include <cstdint>
#include <vector>

#include "fake_target.hpp"
#include "fw/dfu/descriptors.hpp"
#include "fw/dfu/dfu_mode.hpp"
#include "fw/dfu/runtime.hpp"
#include "cmocka.hpp"

namespace {

using fw::dfu::DfuMode;
using fw::dfu::ImageReason;
using fw::dfu::kTransferSize;
using fw::dfu::Request;
using fw::dfu::State;
using fw::dfu::Status;
using fw::dfu::testing::FakeTarget;
using fw::usb::ControlReply;
using fw::usb::ControlRequest;

constexpr std::uint8_t kInterface = 0;

struct StatusAnswer {
    bool stalled = true;
    Status status = Status::ok;
    std::uint32_t poll_ms = 0;
    State state = State::error;
};

struct Rig {
    explicit Rig(std::uint32_t capacity, bool tolerant = true)
        : target(capacity), dfu(target, {kInterface, tolerant}) {}

    ControlReply out(Request r, std::uint16_t value, const std::uint8_t* data, std::uint16_t length) {
        ControlRequest req{fw::dfu::kRequestOut, static_cast<std::uint8_t>(r), value, kInterface, length, data};
        return dfu.handle(req, nullptr, 0);
    }
    ControlReply in(Request r, std::uint16_t value, std::uint16_t length) {
        ControlRequest req{fw::dfu::kRequestIn, static_cast<std::uint8_t>(r), value, kInterface, length, nullptr};
        return dfu.handle(req, buffer.data(), static_cast<std::uint16_t>(buffer.size()));
    }
    StatusAnswer getstatus() {
        const ControlReply reply = in(Request::getstatus, 0, 6);
        if (reply.stall || reply.length != 6) return {};
        return {false, static_cast<Status>(buffer[0]),
                static_cast<std::uint32_t>(buffer[1] | buffer[2] << 8 | buffer[3] << 16),
                static_cast<State>(buffer[4])};
    }
    // One block the way dfu-util sends it: DNLOAD, GETSTATUS (busy, poll),
    // the device programs, GETSTATUS again (idle).
    void block(std::uint16_t number, const std::uint8_t* data, std::uint16_t length) {
        assert_false(out(Request::dnload, number, data, length).stall);
        assert_int_equal(dfu.state(), State::dnload_sync);
        const StatusAnswer busy = getstatus();
        assert_false(busy.stalled);
        assert_int_equal(busy.state, State::dnbusy);
        dfu.complete_pending();
        const StatusAnswer idle = getstatus();
        assert_false(idle.stalled);
        assert_int_equal(idle.status, Status::ok);
        assert_int_equal(idle.state, State::dnload_idle);
    }
    void download(const std::vector<std::uint8_t>& image) {
        std::uint16_t number = 0;
        for (std::size_t at = 0; at < image.size(); at += kTransferSize, ++number) {
            const std::size_t n = image.size() - at < kTransferSize ? image.size() - at : kTransferSize;
            block(number, image.data() + at, static_cast<std::uint16_t>(n));
        }
    }
    // Zero-length DNLOAD, then the manifestation's GETSTATUS cycle; returns
    // the status after the device did its work.
    StatusAnswer manifest() {
        assert_false(out(Request::dnload, 0, nullptr, 0).stall);
        assert_int_equal(dfu.state(), State::manifest_sync);
        const StatusAnswer during = getstatus();
        assert_false(during.stalled);
        assert_int_equal(during.state, State::manifest);
        assert_int_equal(during.poll_ms, target.manifest_poll_ms(dfu.downloaded()));
        dfu.complete_pending();
        return getstatus();
    }

    FakeTarget target;
    DfuMode dfu;
    std::array<std::uint8_t, kTransferSize> buffer{};
};

std::vector<std::uint8_t> pattern(std::size_t n) {
    std::vector<std::uint8_t> bytes(n);
    std::uint32_t x = 0x12345678u;
    for (auto& b : bytes) {
        x = x * 1664525u + 1013904223u;
        b = static_cast<std::uint8_t>(x >> 24);
    }
    return bytes;
}

void assert_error(Rig& rig, Status expected) {
    assert_int_equal(rig.dfu.state(), State::error);
    const StatusAnswer s = rig.getstatus();
    assert_false(s.stalled);
    assert_int_equal(s.state, State::error);
    assert_int_equal(s.status, expected);
}

void full_download_programs_slot_and_marks_pending(void**) {
    Rig rig(16384);
    const auto image = pattern(5000);
    assert_false(rig.out(Request::dnload, 0, image.data(), kTransferSize).stall);
    // The first block's poll covers the slot erase as well as the programming.
    const StatusAnswer first = rig.getstatus();
    assert_int_equal(first.state, State::dnbusy);
    assert_int_equal(first.poll_ms, rig.target.erase_poll_ms() + rig.target.program_poll_ms(kTransferSize));
    rig.dfu.complete_pending();
    assert_int_equal(rig.getstatus().state, State::dnload_idle);
    // Later blocks report only their own programming time.
    assert_false(rig.out(Request::dnload, 1, image.data() + kTransferSize, kTransferSize).stall);
    assert_int_equal(rig.getstatus().poll_ms, rig.target.program_poll_ms(kTransferSize));
    rig.dfu.complete_pending();
    assert_int_equal(rig.getstatus().state, State::dnload_idle);
    for (std::uint16_t n = 2; n * kTransferSize < image.size(); ++n) {
        const std::size_t at = n * std::size_t{kTransferSize};
        const auto len = static_cast<std::uint16_t>(std::min<std::size_t>(kTransferSize, image.size() - at));
        rig.block(n, image.data() + at, len);
    }
    const StatusAnswer done = rig.manifest();
    assert_int_equal(done.status, Status::ok);
    assert_int_equal(done.state, State::dfu_idle);
    assert_int_equal(rig.target.manifest_length, image.size());
    assert_true(rig.target.pending);
    assert_int_equal(rig.target.erases, 1);
    assert_memory_equal(rig.target.slot(), image.data(), image.size());
    assert_true(rig.target.guards_intact());
}

void upload_reads_back_what_was_downloaded(void**) {
    Rig rig(16384);
    const auto image = pattern(3000);
    rig.download(image);
    assert_int_equal(rig.manifest().state, State::dfu_idle);
    std::vector<std::uint8_t> back;
    for (std::uint16_t n = 0;; ++n) {
        const ControlReply r = rig.in(Request::upload, n, kTransferSize);
        assert_false(r.stall);
        back.insert(back.end(), rig.buffer.begin(), rig.buffer.begin() + r.length);
        if (r.length < kTransferSize) break;
        assert_int_equal(rig.dfu.state(), State::upload_idle);
    }
    // The short frame ended the upload.
    assert_int_equal(rig.dfu.state(), State::dfu_idle);
    assert_int_equal(back.size(), image.size());
    assert_memory_equal(back.data(), image.data(), image.size());
}

// Drives a fresh rig into `state` the way a host would.
void enter(Rig& rig, State state) {
    static const auto image = pattern(2 * kTransferSize);
    switch (state) {
        case State::dfu_idle:
            break;
        case State::dnload_sync:
            rig.out(Request::dnload, 0, image.data(), kTransferSize);
            break;
        case State::dnbusy:
            rig.out(Request::dnload, 0, image.data(), kTransferSize);
            rig.getstatus();
            break;
        case State::dnload_idle:
            rig.block(0, image.data(), kTransferSize);
            break;
        case State::manifest_sync:
            rig.block(0, image.data(), kTransferSize);
            rig.out(Request::dnload, 1, nullptr, 0);
            break;
        case State::manifest:
            enter(rig, State::manifest_sync);
            rig.getstatus();
            break;
        case State::upload_idle:
            rig.block(0, image.data(), kTransferSize);
            rig.block(1, image.data() + kTransferSize, kTransferSize);
            rig.manifest();
            rig.in(Request::upload, 0, kTransferSize);
            break;
        default:
            fail_msg("no path to state %d", static_cast<int>(state));
    }
    assert_int_equal(rig.dfu.state(), state);
}

struct Allowed {
    State state;
    std::vector<Request> requests;
};

// Requests the state table accepts in each DFU-mode state; every other one
// must STALL and land in dfuERROR with errSTALLEDPKT.
const std::vector<Allowed>& allowed_table() {
    static const std::vector<Allowed> table = {
        {State::dfu_idle, {Request::dnload, Request::upload, Request::getstatus, Request::getstate, Request::abort}},
        {State::dnload_sync, {Request::getstatus, Request::getstate}},
        {State::dnbusy, {}},
        {State::dnload_idle, {Request::dnload, Request::getstatus, Request::getstate, Request::abort}},
        {State::manifest_sync, {Request::getstatus, Request::getstate}},
        {State::manifest, {}},
        {State::upload_idle, {Request::upload, Request::getstatus, Request::getstate, Request::abort}},
    };
    return table;
}

bool listed(const std::vector<Request>& requests, Request r) {
    for (Request x : requests) {
        if (x == r) return true;
    }
    return false;
}

ControlReply send(Rig& rig, Request r) {
    static const auto data = pattern(16);
    const bool in = r == Request::upload || r == Request::getstatus || r == Request::getstate;
    if (in) return rig.in(r, 0, r == Request::getstate ? 1 : r == Request::getstatus ? 6 : 16);
    return rig.out(r, 0, r == Request::dnload ? data.data() : nullptr, r == Request::dnload ? 16 : 0);
}

void every_wrong_state_request_stalls_into_error(void**) {
    int checked = 0;
    for (const Allowed& row : allowed_table()) {
        for (std::uint8_t code = 0; code <= 7; ++code) {
            const auto r = static_cast<Request>(code);
            if (listed(row.requests, r)) continue;
            Rig rig(8192);
            enter(rig, row.state);
            const int writes = rig.target.writes;
            const int manifests = rig.target.manifests;
            const ControlReply reply = send(rig, r);
            if (!reply.stall) fail_msg("request %d in %s was not stalled", code, fw::dfu::state_name(row.state));
            assert_error(rig, Status::err_stalledpkt);
            assert_int_equal(rig.target.writes, writes);
            assert_int_equal(rig.target.manifests, manifests);
            ++checked;
        }
    }
    // 8 codes (7 requests and an unknown one) times 7 states, minus the 17 allowed.
    assert_int_equal(checked, 8 * 7 - 17);
}

void error_state_keeps_its_status_until_clrstatus(void**) {
    Rig rig(8192);
    rig.out(Request::clrstatus, 0, nullptr, 0);  // wrong in dfuIDLE
    assert_error(rig, Status::err_stalledpkt);
    const auto data = pattern(8);
    // In dfuERROR anything but GETSTATUS, GETSTATE and CLRSTATUS stalls, and
    // the first error stays reported.
    assert_true(rig.out(Request::dnload, 0, data.data(), 8).stall);
    assert_true(rig.out(Request::abort, 0, nullptr, 0).stall);
    assert_true(rig.in(Request::upload, 0, 8).stall);
    assert_true(rig.out(Request::detach, 0, nullptr, 0).stall);
    assert_false(rig.in(Request::getstate, 0, 1).stall);
    assert_int_equal(rig.buffer[0], static_cast<std::uint8_t>(State::error));
    assert_error(rig, Status::err_stalledpkt);
    assert_false(rig.out(Request::clrstatus, 0, nullptr, 0).stall);
    const StatusAnswer s = rig.getstatus();
    assert_int_equal(s.state, State::dfu_idle);
    assert_int_equal(s.status, Status::ok);
}

void in_answers_never_exceed_wlength(void**) {
    Rig rig(8192);
    assert_int_equal(rig.in(Request::getstatus, 0, 2).length, 2);
    assert_int_equal(rig.in(Request::getstate, 0, 0).length, 0);
    assert_int_equal(rig.in(Request::getstatus, 0, 64).length, 6);
    fw::dfu::Runtime rt(1);
    std::array<std::uint8_t, 6> buf{};
    ControlRequest status{fw::dfu::kRequestIn, 3, 0, 1, 3, nullptr};
    assert_int_equal(rt.handle(status, buf.data(), 6).length, 3);
}

void wrong_direction_or_interface_stalls(void**) {
    Rig rig(8192);
    ControlRequest req{fw::dfu::kRequestOut, static_cast<std::uint8_t>(Request::getstatus), 0, kInterface, 6, nullptr};
    assert_true(rig.dfu.handle(req, rig.buffer.data(), kTransferSize).stall);
    assert_error(rig, Status::err_stalledpkt);
    Rig other(8192);
    req = {fw::dfu::kRequestIn, static_cast<std::uint8_t>(Request::getstatus), 0, 3, 6, nullptr};
    assert_true(other.dfu.handle(req, other.buffer.data(), kTransferSize).stall);
    assert_int_equal(other.dfu.state(), State::error);
}

void oversize_block_is_refused_and_nothing_written(void**) {
    Rig rig(8192);
    const auto data = pattern(kTransferSize + 1);
    assert_true(rig.out(Request::dnload, 0, data.data(), kTransferSize + 1).stall);
    assert_error(rig, Status::err_stalledpkt);
    assert_int_equal(rig.target.writes, 0);
    assert_int_equal(rig.target.erases, 0);
    // Also mid-download.
    Rig mid(8192);
    mid.block(0, data.data(), kTransferSize);
    assert_true(mid.out(Request::dnload, 1, data.data(), kTransferSize + 1).stall);
    assert_error(mid, Status::err_stalledpkt);
    assert_int_equal(mid.target.writes, 1);
}

void block_past_capacity_is_err_address(void**) {
    constexpr std::uint32_t kCapacity = 2 * kTransferSize + 100;
    Rig rig(kCapacity);
    const auto data = pattern(kTransferSize);
    rig.block(0, data.data(), kTransferSize);
    rig.block(1, data.data(), kTransferSize);
    // 101 bytes where 100 are left.
    assert_true(rig.out(Request::dnload, 2, data.data(), 101).stall);
    assert_error(rig, Status::err_address);
    assert_int_equal(rig.target.writes, 2);
    assert_int_equal(rig.target.out_of_range_writes, 0);
    assert_true(rig.target.guards_intact());
    // Exactly filling the slot is fine.
    Rig full(kCapacity);
    full.block(0, data.data(), kTransferSize);
    full.block(1, data.data(), kTransferSize);
    full.block(2, data.data(), 100);
    assert_true(full.out(Request::dnload, 3, data.data(), 1).stall);
    assert_error(full, Status::err_address);
    assert_true(full.target.guards_intact());
}

void out_of_sequence_block_is_refused(void**) {
    Rig rig(8192);
    const auto data = pattern(kTransferSize);
    rig.block(0, data.data(), kTransferSize);
    assert_true(rig.out(Request::dnload, 2, data.data(), kTransferSize).stall);  // block 1 lost
    assert_error(rig, Status::err_stalledpkt);
    assert_int_equal(rig.target.writes, 1);
}

void abort_mid_download_returns_to_idle_with_nothing_pending(void**) {
    Rig rig(8192);
    const auto image = pattern(3 * kTransferSize);
    rig.block(0, image.data(), kTransferSize);
    rig.block(1, image.data() + kTransferSize, kTransferSize);
    assert_false(rig.out(Request::abort, 0, nullptr, 0).stall);
    const StatusAnswer s = rig.getstatus();
    assert_int_equal(s.state, State::dfu_idle);
    assert_int_equal(s.status, Status::ok);
    assert_int_equal(rig.target.manifests, 0);
    assert_false(rig.target.pending);
    // A new download starts again at offset 0 with a fresh erase.
    rig.download(image);
    assert_int_equal(rig.manifest().state, State::dfu_idle);
    assert_int_equal(rig.target.erases, 2);
    assert_int_equal(rig.target.manifest_length, image.size());
    assert_memory_equal(rig.target.slot(), image.data(), image.size());
}

void refused_image_is_err_verify_and_not_pending(void**) {
    Rig rig(8192);
    rig.target.verdict = {ImageReason::bad_signature};
    rig.download(pattern(2000));
    const StatusAnswer s = rig.manifest();
    assert_false(s.stalled);
    assert_int_equal(s.state, State::error);
    assert_int_equal(s.status, Status::err_verify);
    assert_int_equal(rig.dfu.last_refusal(), ImageReason::bad_signature);
    assert_string_equal(fw::dfu::reason_name(rig.dfu.last_refusal()), "bad_signature");
    assert_false(rig.target.pending);
}

void short_download_is_err_notdone(void**) {
    Rig rig(8192);
    rig.target.verdict = {ImageReason::truncated};
    rig.download(pattern(100));
    const StatusAnswer s = rig.manifest();
    assert_int_equal(s.state, State::error);
    assert_int_equal(s.status, Status::err_notdone);
    assert_false(rig.target.pending);
}

void pending_mark_failure_is_err_write(void**) {
    Rig rig(8192);
    rig.target.verdict = {ImageReason::flash_error};
    rig.download(pattern(2000));
    assert_int_equal(rig.manifest().status, Status::err_write);
}

void flash_failures_map_to_their_status(void**) {
    const auto data = pattern(kTransferSize);
    Rig erase(8192);
    erase.target.fail_erase = true;
    erase.out(Request::dnload, 0, data.data(), kTransferSize);
    erase.getstatus();
    erase.dfu.complete_pending();
    assert_error(erase, Status::err_erase);
    assert_int_equal(erase.target.writes, 0);
    Rig write(8192);
    write.target.fail_write = true;
    write.out(Request::dnload, 0, data.data(), kTransferSize);
    write.getstatus();
    write.dfu.complete_pending();
    assert_error(write, Status::err_write);
}

void zero_length_dnload_in_idle_is_err_notdone(void**) {
    Rig rig(8192);
    assert_true(rig.out(Request::dnload, 0, nullptr, 0).stall);
    assert_error(rig, Status::err_notdone);
    assert_int_equal(rig.target.manifests, 0);
}

void not_tolerant_device_waits_for_reset(void**) {
    Rig rig(8192, false);
    rig.download(pattern(100));
    rig.out(Request::dnload, 1, nullptr, 0);
    rig.getstatus();
    rig.dfu.complete_pending();
    assert_int_equal(rig.dfu.state(), State::manifest_wait_reset);
    assert_true(rig.getstatus().stalled);
    assert_int_equal(rig.dfu.state(), State::manifest_wait_reset);
    rig.dfu.bus_reset();
    assert_int_equal(rig.dfu.state(), State::dfu_idle);
    assert_true(rig.target.pending);
}

void runtime_detach_and_status(void**) {
    fw::dfu::Runtime rt(1);
    std::array<std::uint8_t, 6> buf{};
    ControlRequest status{fw::dfu::kRequestIn, 3, 0, 1, 6, nullptr};
    assert_int_equal(rt.handle(status, buf.data(), 6).length, 6);
    assert_int_equal(buf[4], static_cast<std::uint8_t>(State::app_idle));
    ControlRequest dnload{fw::dfu::kRequestOut, 1, 0, 1, 0, nullptr};
    assert_true(rt.handle(dnload, buf.data(), 6).stall);
    assert_int_equal(rt.state(), State::app_idle);  // appIDLE stalls and stays
    ControlRequest detach{fw::dfu::kRequestOut, 0, 1000, 1, 0, nullptr};
    assert_false(rt.handle(detach, buf.data(), 6).stall);
    assert_true(rt.detach_requested());
    rt.handle(status, buf.data(), 6);
    assert_int_equal(buf[4], static_cast<std::uint8_t>(State::app_detach));
    assert_true(rt.handle(dnload, buf.data(), 6).stall);
    assert_int_equal(rt.state(), State::app_idle);  // appDETACH falls back
}

void functional_descriptor_fields(void**) {
    const auto block = fw::dfu::dfu_interface_block(1, fw::dfu::kProtocolRuntime, 4);
    const std::uint8_t* i = block.bytes;
    assert_int_equal(i[0], 9);
    assert_int_equal(i[1], 0x04);
    assert_int_equal(i[2], 1);
    assert_int_equal(i[4], 0);  // no endpoints
    assert_int_equal(i[5], 0xFE);
    assert_int_equal(i[6], 0x01);
    assert_int_equal(i[7], 0x01);
    assert_int_equal(i[8], 4);
    const std::uint8_t* f = block.bytes + 9;
    assert_int_equal(f[0], 9);
    assert_int_equal(f[1], 0x21);
    assert_int_equal(f[2], 0x0F);  // download, upload, manifestation tolerant, will detach
    assert_int_equal(f[3] | f[4] << 8, 1000);
    assert_int_equal(f[5] | f[6] << 8, kTransferSize);
    assert_int_equal(f[7] | f[8] << 8, 0x0110);
}

}  // namespace

int main() {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_download_programs_slot_and_marks_pending),
        cmocka_unit_test(upload_reads_back_what_was_downloaded),
        cmocka_unit_test(every_wrong_state_request_stalls_into_error),
        cmocka_unit_test(error_state_keeps_its_status_until_clrstatus),
        cmocka_unit_test(in_answers_never_exceed_wlength),
        cmocka_unit_test(wrong_direction_or_interface_stalls),
        cmocka_unit_test(oversize_block_is_refused_and_nothing_written),
        cmocka_unit_test(block_past_capacity_is_err_address),
        cmocka_unit_test(out_of_sequence_block_is_refused),
        cmocka_unit_test(abort_mid_download_returns_to_idle_with_nothing_pending),
        cmocka_unit_test(refused_image_is_err_verify_and_not_pending),
        cmocka_unit_test(short_download_is_err_notdone),
        cmocka_unit_test(pending_mark_failure_is_err_write),
        cmocka_unit_test(flash_failures_map_to_their_status),
        cmocka_unit_test(zero_length_dnload_in_idle_is_err_notdone),
        cmocka_unit_test(not_tolerant_device_waits_for_reset),
        cmocka_unit_test(runtime_detach_and_status),
        cmocka_unit_test(functional_descriptor_fields),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
