#include "fw/app/capture.hpp"

namespace fw::app {

Capture::Capture(Sensor& sensor, BulkIn& bulk, platform::Timer& timer, const Info& info, BootReport* boot)
    : sensor_(sensor), bulk_(bulk), timer_(timer), info_(info), boot_(boot) {}

usb::ControlReply Capture::handle(const usb::ControlRequest& request, bool configured, uint8_t* in,
                                  uint16_t in_capacity) {
    if (!configured) return refuse(ErrorCode::not_configured);
    const auto kind = static_cast<VendorRequest>(request.bRequest);
    const bool to_us = request.wIndex == kCaptureInterface;
    if (to_us && kind == VendorRequest::get_info && request.bmRequestType == kVendorIn &&
        request.wLength >= kInfoLength && in_capacity >= kInfoLength) {
        encode_info(info_, in);
        return usb::ControlReply::data(kInfoLength);
    }
    if (to_us && kind == VendorRequest::get_error && request.bmRequestType == kVendorIn &&
        request.wLength >= kErrorReportLength && in_capacity >= kErrorReportLength) {
        encode_error(last_error_, in);
        last_error_ = {};
        return usb::ControlReply::data(kErrorReportLength);
    }
    if (to_us && kind == VendorRequest::get_boot_status && request.bmRequestType == kVendorIn &&
        request.wLength >= kBootStatusLength && in_capacity >= kBootStatusLength) {
        return boot_status(in);
    }
    if (to_us && kind == VendorRequest::start_roll && request.bmRequestType == kVendorOut && request.wLength == 0) {
        return start(request.wValue);
    }
    if (to_us && kind == VendorRequest::stop_roll && request.bmRequestType == kVendorOut && request.wLength == 0) {
        stop_requested_ = rolling_;
        return usb::ControlReply::ack();
    }
    return refuse(ErrorCode::bad_request);
}

usb::ControlReply Capture::refuse(ErrorCode code) {
    last_error_ = {code, 0, sequence_};
    return usb::ControlReply::stalled();
}

usb::ControlReply Capture::boot_status(uint8_t* in) {
    if (boot_ == nullptr) return refuse(ErrorCode::bad_request);
    encode_boot_status(boot_->boot_status(), in);
    return usb::ControlReply::data(kBootStatusLength);
}

usb::ControlReply Capture::start(uint16_t frames) {
    if (rolling_ || in_flight_) return refuse(ErrorCode::busy);
    const SensorGeometry g = info_.geometry;
    if (g.width == 0 || g.width > kMaxSensorWidth || g.height == 0) return refuse(ErrorCode::sensor_fault);
    const SensorResult powered = sensor_.start();
    rolling_ = true;
    stop_requested_ = false;
    frame_limit_ = frames;
    frames_sent_ = 0;
    sequence_ = 0;
    if (!powered.ok) {
        // The host learns it from the ERROR message that opens the roll.
        last_error_ = {ErrorCode::sensor_fault, powered.fault, 0};
        encode_error(last_error_, error_payload_);
        begin_message(MessageType::error, timer_.now_ms(), kErrorReportLength);
        rolling_ = false;
    }
    return usb::ControlReply::ack();
}

void Capture::abandon() {
    if (rolling_ || in_flight_) sensor_.stop();
    rolling_ = false;
    in_flight_ = false;
    packet_waiting_ = false;
    zlp_due_ = false;
}

void Capture::pump(uint16_t max_packets) {
    for (uint16_t n = 0; n < max_packets; ++n) {
        if (!packet_waiting_) {
            if (!in_flight_ && !next_message()) return;
            packet_length_ = build_packet();
            packet_waiting_ = true;
        }
        if (!bulk_.write_packet(packet_, packet_length_)) return;
        packet_waiting_ = false;
    }
}

// Picks what follows the message just sent: a frame, the roll's end, or
// the error that ends it.
bool Capture::next_message() {
    if (!rolling_) return false;
    const bool limit_reached = frame_limit_ != 0 && frames_sent_ >= frame_limit_;
    if (stop_requested_ || limit_reached) {
        sensor_.stop();
        rolling_ = false;
        begin_message(MessageType::roll_end, timer_.now_ms(), 0);
        return true;
    }
    uint32_t latched_ms = 0;
    const SensorResult frame = sensor_.latch_frame(latched_ms);
    if (!frame.ok) {
        sensor_.stop();
        rolling_ = false;
        last_error_ = {ErrorCode::sensor_fault, frame.fault, sequence_};
        encode_error(last_error_, error_payload_);
        begin_message(MessageType::error, timer_.now_ms(), kErrorReportLength);
        return true;
    }
    ++frames_sent_;
    const SensorGeometry g = info_.geometry;
    begin_message(MessageType::frame, latched_ms, uint32_t{g.width} * g.height);
    return true;
}

void Capture::begin_message(MessageType type, uint32_t timestamp_ms, uint32_t payload_length) {
    const bool frame = type == MessageType::frame;
    const MessageHeader header{type, sequence_++, timestamp_ms, frame ? info_.geometry.width : uint16_t{0},
                               frame ? info_.geometry.height : uint16_t{0}, payload_length};
    encode_header(header, header_);
    type_ = type;
    message_length_ = kHeaderLength + payload_length;
    sent_ = 0;
    row_index_ = -1;
    zlp_due_ = false;
    in_flight_ = true;
}

// The next packet of the message in flight: full packets, then a short one
// (a zero-length one when the message fills its last packet exactly).
uint16_t Capture::build_packet() {
    if (zlp_due_) {
        zlp_due_ = false;
        in_flight_ = false;
        return 0;
    }
    const uint32_t left = message_length_ - sent_;
    const uint16_t length = left < kBulkPacketSize ? static_cast<uint16_t>(left) : kBulkPacketSize;
    for (uint16_t i = 0; i < length;) {
        const uint32_t at = sent_ + i;
        if (at < kHeaderLength) {
            packet_[i++] = header_[at];
            continue;
        }
        const uint16_t chunk = static_cast<uint16_t>(length - i);
        copy_payload(at - kHeaderLength, packet_ + i, chunk);
        i = length;
    }
    sent_ += length;
    if (sent_ == message_length_) {
        if (length == kBulkPacketSize) {
            zlp_due_ = true;
        } else {
            in_flight_ = false;
        }
    }
    return length;
}

void Capture::copy_payload(uint32_t offset, uint8_t* out, uint16_t length) {
    if (type_ == MessageType::error) {
        for (uint16_t i = 0; i < length; ++i) out[i] = error_payload_[offset + i];
        return;
    }
    const uint16_t width = info_.geometry.width;
    for (uint16_t i = 0; i < length; ++i) {
        const uint32_t at = offset + i;
        const auto y = static_cast<int32_t>(at / width);
        if (y != row_index_) {
            sensor_.read_row(static_cast<uint16_t>(y), row_);
            row_index_ = y;
        }
        out[i] = row_[at % width];
    }
}

}  // namespace fw::app
