#include "fw/app/scanner.hpp"

namespace fw::app {
namespace {

constexpr uint8_t kTypeMask = 0x60;
constexpr uint8_t kTypeStandard = 0x00;
constexpr uint8_t kTypeClass = 0x20;
constexpr uint8_t kTypeVendor = 0x40;
constexpr uint8_t kRecipientMask = 0x1F;
constexpr uint8_t kToInterface = 1;
constexpr uint8_t kInterfaces = 2;

}  // namespace

Info scanner_info(const ScannerConfig& config, const SensorGeometry& geometry) {
    return Info{config.version, config.serial, geometry, config.test_boot};
}

Scanner::Scanner(ScannerPorts ports, const ScannerConfig& config)
    : ports_(ports),
      descriptors_(config.version, config.serial),
      standard_(descriptors_, kInterfaces, kBulkInEndpoint),
      capture_(ports.sensor, ports.bulk, ports.timer, scanner_info(config, ports.sensor.geometry()), ports.boot),
      runtime_(kDfuRuntimeInterface) {}

usb::ControlReply Scanner::control(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    const uint8_t type = request.bmRequestType & kTypeMask;
    if (type == kTypeStandard) return standard(request, in, in_capacity);
    if (type == kTypeVendor) return capture_.handle(request, configured(), in, in_capacity);
    if (type == kTypeClass && (request.bmRequestType & kRecipientMask) == kToInterface &&
        request.wIndex == kDfuRuntimeInterface && configured()) {
        return runtime_.handle(request, in, in_capacity);
    }
    return usb::ControlReply::stalled();
}

// A new configuration (or none) ends the roll: its endpoint was reset.
usb::ControlReply Scanner::standard(const usb::ControlRequest& request, uint8_t* in, uint16_t in_capacity) {
    const uint8_t before = standard_.configuration();
    const usb::ControlReply reply = standard_.handle(request, in, in_capacity);
    if (standard_.configuration() != before) capture_.abandon();
    return reply;
}

void Scanner::bus_reset() {
    standard_.reset();
    capture_.abandon();
    runtime_.detach_timed_out();
}

void Scanner::poll() {
    if (configured() && !standard_.bulk_halted()) capture_.pump(kPacketsPerTurn);
    ports_.watchdog.kick();
}

}  // namespace fw::app
