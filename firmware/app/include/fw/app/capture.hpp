// Interface 0's capture protocol (PROTOCOL.md §3): the vendor requests, and
// the roll streamed as messages over bulk IN, packet by packet as the
// endpoint takes them. One sensor row is buffered; frames stay in the
// sensor's memory, so a 800 x 750 frame needs no frame buffer.
#pragma once

#include <stdint.h>

#include "fw/app/capture_protocol.hpp"
#include "fw/app/ports.hpp"
#include "fw/platform/ports.hpp"
#include "fw/usb/control.hpp"

namespace fw::app {

class Capture {
public:
    // `boot` may be null (a device without a bootloader): GET_BOOT_STATUS
    // is then stalled as bad_request.
    Capture(Sensor& sensor, BulkIn& bulk, platform::Timer& timer, const Info& info, BootReport* boot = nullptr);

    // A vendor request to interface 0; `configured` is the device state.
    usb::ControlReply handle(const usb::ControlRequest& request, bool configured, uint8_t* in,
                             uint16_t in_capacity);

    // Sends packets until the endpoint is full or `max_packets` went out;
    // latches the next frame when a message is done.
    void pump(uint16_t max_packets);

    // The device was deconfigured or reset: the roll ends without a message.
    void abandon();

    [[nodiscard]] bool rolling() const { return rolling_; }
    // A roll runs or its last message is still going out.
    [[nodiscard]] bool streaming() const { return rolling_ || in_flight_ || packet_waiting_; }
    [[nodiscard]] const ErrorReport& last_error() const { return last_error_; }

private:
    usb::ControlReply refuse(ErrorCode code);
    usb::ControlReply boot_status(uint8_t* in);
    usb::ControlReply start(uint16_t frames);
    bool next_message();
    void begin_message(MessageType type, uint32_t timestamp_ms, uint32_t payload_length);
    uint16_t build_packet();
    void copy_payload(uint32_t offset, uint8_t* out, uint16_t length);

    Sensor& sensor_;
    BulkIn& bulk_;
    platform::Timer& timer_;
    Info info_;
    BootReport* boot_;
    ErrorReport last_error_{};

    bool rolling_ = false;
    bool stop_requested_ = false;
    uint16_t frame_limit_ = 0;  // 0: until STOP
    uint16_t frames_sent_ = 0;
    uint32_t sequence_ = 0;

    // The message in flight.
    bool in_flight_ = false;
    MessageType type_ = MessageType::frame;
    uint8_t header_[kHeaderLength] = {};
    uint8_t error_payload_[kErrorReportLength] = {};
    uint32_t message_length_ = 0;
    uint32_t sent_ = 0;
    bool zlp_due_ = false;

    // A packet the endpoint refused, offered again.
    uint8_t packet_[kBulkPacketSize] = {};
    uint16_t packet_length_ = 0;
    bool packet_waiting_ = false;

    uint8_t row_[kMaxSensorWidth] = {};
    int32_t row_index_ = -1;
};

}  // namespace fw::app
