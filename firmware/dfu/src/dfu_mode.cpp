#include "fw/dfu/dfu_mode.hpp"

namespace fw::dfu {
namespace {

// bwPollTimeout is 3 bytes (DFU 1.1, 6.1.2).
constexpr uint32_t kMaxPollMs = 0xFFFFFFu;

constexpr bool is_out(const usb::ControlRequest& r) { return r.bmRequestType == kRequestOut; }
constexpr bool is_in(const usb::ControlRequest& r) { return r.bmRequestType == kRequestIn; }

// DETACH, DNLOAD, CLRSTATUS and ABORT carry data (if any) to the device;
// UPLOAD, GETSTATUS and GETSTATE ask for data. Anything else is malformed.
bool direction_matches(const usb::ControlRequest& r) {
    switch (static_cast<Request>(r.bRequest)) {
        case Request::detach:
        case Request::dnload:
        case Request::clrstatus:
        case Request::abort:
            return is_out(r);
        case Request::upload:
        case Request::getstatus:
        case Request::getstate:
            return is_in(r);
    }
    return false;
}

Status status_for(FlashStatus flash) {
    switch (flash) {
        case FlashStatus::ok: return Status::ok;
        case FlashStatus::out_of_range: return Status::err_address;
        case FlashStatus::erase_failed: return Status::err_erase;
        case FlashStatus::write_failed: return Status::err_write;
        case FlashStatus::verify_failed: return Status::err_verify;
    }
    return Status::err_unknown;
}

// A download that stops short of the image it announces: errNOTDONE (the
// device "does not think it has all of the data", DFU 1.1, 6.1.2). Marking
// a good image pending failed in flash: errWRITE. Any other refusal is the
// image failing its checks: errVERIFY.
Status manifest_status(ImageReason reason) {
    if (reason == ImageReason::truncated) return Status::err_notdone;
    if (reason == ImageReason::flash_error) return Status::err_write;
    return Status::err_verify;
}

uint32_t saturating_add(uint32_t a, uint32_t b) { return a > kMaxPollMs - b ? kMaxPollMs : a + b; }

}  // namespace

DfuMode::DfuMode(Target& target, DfuModeConfig config) : target_(target), config_(config) {}

usb::ControlReply DfuMode::handle(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    // Waiting for the reset that starts the new image: the device no longer
    // answers (DFU 1.1, A.2.9), so the state is not touched either.
    if (state_ == State::manifest_wait_reset) return usb::ControlReply::stalled();
    if (request.wIndex != config_.interface_number || !direction_matches(request)) {
        return fail(Status::err_stalledpkt);
    }
    // While flash work is under way only the poll timeout ends the state
    // (A.2.5, A.2.8): a request now means the host did not wait.
    if (state_ == State::dnbusy || state_ == State::manifest) return fail(Status::err_stalledpkt);
    // An IN answer never exceeds what the host asked for (USB 2.0, 9.3.5).
    const uint16_t limit = request.wLength < in_capacity ? request.wLength : in_capacity;
    return dispatch(request, in, limit);
}

usb::ControlReply DfuMode::dispatch(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    switch (static_cast<Request>(request.bRequest)) {
        case Request::getstatus:
            return on_getstatus(in, in_capacity);
        case Request::getstate:
            return on_getstate(in, in_capacity);
        case Request::dnload:
            return on_dnload(request);
        case Request::upload:
            return on_upload(request, in, in_capacity);
        case Request::clrstatus:
            if (state_ != State::error) return fail(Status::err_stalledpkt);
            restart();
            return usb::ControlReply::ack();
        case Request::abort:
            if (state_ != State::dfu_idle && state_ != State::dnload_idle && state_ != State::upload_idle) {
                return fail(Status::err_stalledpkt);
            }
            restart();
            return usb::ControlReply::ack();
        case Request::detach:
            break;  // a run-time request: wrong in DFU mode
    }
    return fail(Status::err_stalledpkt);
}

usb::ControlReply DfuMode::on_dnload(const usb::ControlRequest& request) {
    if (state_ == State::dfu_idle) {
        // A zero-length DNLOAD asks for manifestation of nothing.
        if (request.wLength == 0) return fail(Status::err_notdone);
        restart();
        return accept_block(request);
    }
    if (state_ != State::dnload_idle) return fail(Status::err_stalledpkt);
    if (request.wLength == 0) {
        state_ = State::manifest_sync;
        pending_ = Pending::manifest;
        return usb::ControlReply::ack();
    }
    return accept_block(request);
}

usb::ControlReply DfuMode::accept_block(const usb::ControlRequest& request) {
    if (request.wLength > kTransferSize || request.data == nullptr) return fail(Status::err_stalledpkt);
    // Blocks are numbered consecutively (wrapping at 65536) from whatever the
    // host starts with; a gap or a repeat would shift the rest of the image.
    if (offset_ != 0 && request.wValue != next_block_) return fail(Status::err_stalledpkt);
    // offset_ <= capacity holds: every accepted block was checked here.
    if (request.wLength > target_.capacity() - offset_) return fail(Status::err_address);
    for (uint16_t i = 0; i < request.wLength; ++i) block_[i] = request.data[i];
    block_length_ = request.wLength;
    next_block_ = static_cast<uint16_t>(request.wValue + 1u);
    pending_ = Pending::block;
    state_ = State::dnload_sync;
    return usb::ControlReply::ack();
}

usb::ControlReply DfuMode::on_upload(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    if (state_ == State::dfu_idle) {
        restart();
    } else if (state_ != State::upload_idle) {
        return fail(Status::err_stalledpkt);
    }
    if (request.wLength == 0 || request.wLength > kTransferSize || in == nullptr) {
        return fail(Status::err_stalledpkt);
    }
    const uint16_t want = request.wLength < in_capacity ? request.wLength : in_capacity;
    const uint32_t capacity = target_.capacity();
    const uint32_t left = offset_ < capacity ? capacity - offset_ : 0;
    const uint32_t ask = want < left ? want : left;
    uint32_t got = ask == 0 ? 0 : target_.read(offset_, in, ask);
    if (got > ask) got = ask;  // a Target that over-reports must not overrun `in`
    offset_ += got;
    if (got < request.wLength) {
        // A short frame ends the upload (DFU 1.1, 6.2).
        restart();
    } else {
        state_ = State::upload_idle;
    }
    return usb::ControlReply::data(static_cast<uint16_t>(got));
}

usb::ControlReply DfuMode::on_getstatus(uint8_t* in, uint16_t in_capacity) {
    const uint32_t poll_ms = begin_pending_work();
    if (state_ == State::dnload_sync) {
        state_ = State::dnload_idle;  // the block is programmed
    } else if (state_ == State::manifest_sync) {
        manifested_ = false;
        state_ = State::dfu_idle;
    }
    return usb::ControlReply::data(encode_status(status_, poll_ms, state_, in, in_capacity));
}

// A GETSTATUS in a SYNC state with work pending moves to the busy state and
// reports how long that work takes; the work itself runs in complete_pending().
uint32_t DfuMode::begin_pending_work() {
    if (state_ == State::dnload_sync && pending_ == Pending::block) {
        state_ = State::dnbusy;
        const uint32_t program = target_.program_poll_ms(block_length_);
        return erased_ ? program : saturating_add(target_.erase_poll_ms(), program);
    }
    if (state_ == State::manifest_sync && pending_ == Pending::manifest) {
        state_ = State::manifest;
        const uint32_t ms = target_.manifest_poll_ms(offset_);
        return ms > kMaxPollMs ? kMaxPollMs : ms;
    }
    return 0;
}

usb::ControlReply DfuMode::on_getstate(uint8_t* in, uint16_t in_capacity) {
    return usb::ControlReply::data(encode_state(state_, in, in_capacity));
}

void DfuMode::complete_pending() {
    if (state_ == State::dnbusy && pending_ == Pending::block) {
        program_block();
    } else if (state_ == State::manifest && pending_ == Pending::manifest) {
        run_manifestation();
    }
}

void DfuMode::program_block() {
    pending_ = Pending::none;
    if (!erased_) {
        const FlashStatus erased = target_.erase();
        if (erased != FlashStatus::ok) {
            fail(status_for(erased));
            return;
        }
        erased_ = true;
    }
    const FlashStatus written = target_.write(offset_, block_, block_length_);
    if (written != FlashStatus::ok) {
        fail(status_for(written));
        return;
    }
    offset_ += block_length_;
    state_ = State::dnload_sync;
}

void DfuMode::run_manifestation() {
    pending_ = Pending::none;
    const ManifestVerdict verdict = target_.manifest(offset_);
    if (!verdict.accepted()) {
        refusal_ = verdict.reason;
        fail(manifest_status(verdict.reason));
        return;
    }
    refusal_ = ImageReason::ok;
    if (config_.manifestation_tolerant) {
        manifested_ = true;
        state_ = State::manifest_sync;
    } else {
        state_ = State::manifest_wait_reset;
    }
}

void DfuMode::bus_reset() { restart(); }

usb::ControlReply DfuMode::fail(Status status) {
    // In dfuERROR the first error stays reported until CLRSTATUS.
    if (state_ != State::error) status_ = status;
    state_ = State::error;
    pending_ = Pending::none;
    manifested_ = false;
    return usb::ControlReply::stalled();
}

void DfuMode::restart() {
    state_ = State::dfu_idle;
    status_ = Status::ok;
    pending_ = Pending::none;
    erased_ = false;
    manifested_ = false;
    offset_ = 0;
    block_length_ = 0;
    next_block_ = 0;
}

}  // namespace fw::dfu
