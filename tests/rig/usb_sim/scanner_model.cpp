#include "scanner_model.hpp"

#include <stdexcept>
#include <utility>

#include "fw/app/boot_link.hpp"
#include "fw/app/host/synthetic_sensor.hpp"
#include "fw/app/host/usb_port.hpp"
#include "fw/app/scanner.hpp"
#include "fw/app/self_test.hpp"
#include "fw/boot/boot_info.hpp"
#include "fw/boot/keys.hpp"
#include "fw/boot/slot_target.hpp"
#include "fw/dfu/dfu_device.hpp"
#include "fw/platform/layout.hpp"
#include "station/biometrics/synthetic_finger.hpp"
#include "station/biometrics/synthetic_roll.hpp"

namespace usbsim {

namespace layout = fw::platform::layout;

namespace {

// The bootloader's own version, shown as bcdDevice in DFU mode.
constexpr std::uint16_t kBootloaderBcd = 0x0100;
constexpr std::uint32_t kWatchdogMs = 2000;

std::uint8_t bcd(std::uint8_t v) { return static_cast<std::uint8_t>((v / 10 % 10) << 4 | v % 10); }

station::biometrics::SyntheticRoll make_roll(std::uint64_t seed) {
    auto finger = station::biometrics::make_synthetic_finger(seed);
    if (!finger.ok()) throw std::runtime_error("synthetic finger: " + finger.error().describe());
    auto roll = station::biometrics::SyntheticRoll::make(std::move(*finger), {});
    if (!roll.ok()) throw std::runtime_error("synthetic roll: " + roll.error().describe());
    return std::move(*roll);
}

std::string ascii_of_string_descriptor(const Bytes& d) {
    std::string s;
    for (std::size_t i = 2; i + 1 < d.size(); i += 2) s.push_back(static_cast<char>(d[i]));
    return s;
}

}  // namespace

class ScannerModel::Mode {
public:
    virtual ~Mode() = default;
    virtual ControlAnswer control(const Setup& setup, const Bytes& out) = 0;
    virtual std::optional<Bytes> bulk_in_packet() = 0;
    virtual void bus_reset() = 0;
    // The application accepted DETACH and resets itself into the bootloader.
    virtual bool detaching() const { return false; }
    virtual bool dfu_mode() const = 0;
    virtual std::uint16_t bcd_device() const = 0;
};

class ScannerModel::AppMode final : public Mode {
public:
    AppMode(fw::platform::Flash& flash, const fw::boot::BootOutcome& outcome, const ModelOptions& options,
            Citizen* citizen, std::string& log)
        : info_(boot_info(outcome)),
          link_(flash, info_),
          report_(flash, info_),
          finger_seed_(options.finger_seed),
          hand_(citizen ? std::optional<HandSensor>(std::in_place, timer_, *citizen) : std::nullopt),
          version_{outcome.header.version.major, outcome.header.version.minor, outcome.header.version.patch,
                   outcome.header.version.build},
          scanner_({capture_sensor(), port_, timer_, watchdog_, &report_}, {version_, options.serial.c_str(), link_.test_boot()}) {
        const fw::app::SelfTest result = fw::app::run_self_test(capture_sensor(), watchdog_, link_, kWatchdogMs);
        log += std::string("self-test ") + fw::app::self_test_name(result) + "\n";
        if (hand_) hand_->finger_ready();
    }

    ControlAnswer control(const Setup& s, const Bytes& out) override {
        auto r = port_.control(scanner_, s.bmRequestType, s.bRequest, s.wValue, s.wIndex, s.wLength, out);
        return {r.stalled, std::move(r.data)};
    }
    std::optional<Bytes> bulk_in_packet() override {
        if (auto p = port_.read_packet()) return p;
        scanner_.poll();
        return port_.read_packet();
    }
    void bus_reset() override { scanner_.bus_reset(); }
    bool detaching() const override { return scanner_.detach_requested(); }
    bool dfu_mode() const override { return false; }
    std::uint16_t bcd_device() const override {
        return static_cast<std::uint16_t>(bcd(version_.major) << 8 | bcd(version_.minor));
    }

private:
    // Growing a synthetic finger is slow: only the sensor in use is made.
    fw::app::Sensor& capture_sensor() {
        if (hand_) return *hand_;
        if (!sensor_) sensor_.emplace(timer_, make_roll(finger_seed_));
        return *sensor_;
    }
    static fw::boot::BootInfo boot_info(const fw::boot::BootOutcome& o) {
        fw::boot::BootInfo info{};
        info.magic = fw::boot::kBootInfoMagic;
        info.slot = o.slot;
        info.state = static_cast<std::uint8_t>(o.state);
        info.major = o.header.version.major;
        info.minor = o.header.version.minor;
        info.patch = o.header.version.patch;
        info.build = o.header.version.build;
        info.security_counter = o.security_counter;
        info.last_reason = static_cast<std::uint32_t>(o.last_refusal);
        return info;
    }

    fw::boot::BootInfo info_;
    fw::app::SlotConfirmation link_;
    fw::app::BootStatusReport report_;
    fw::platform::host::ManualTimer timer_;
    fw::platform::host::RecordingWatchdog watchdog_;
    std::uint64_t finger_seed_;
    std::optional<fw::app::host::SyntheticSensor> sensor_;
    std::optional<HandSensor> hand_;  // a citizen's hand on the glass (--hand)
    fw::app::host::UsbPort port_;
    fw::app::FirmwareVersion version_;
    fw::app::Scanner scanner_;
};

class ScannerModel::DfuModeDevice final : public Mode {
public:
    DfuModeDevice(fw::platform::Flash& flash, const fw::boot::BootConfig& config, const ModelOptions& options)
        : target_(flash, config), device_(target_, {kBootloaderBcd, options.serial.c_str(), true}) {}

    ControlAnswer control(const Setup& s, const Bytes& out) override {
        Bytes in(s.wLength);
        const fw::usb::ControlRequest request{s.bmRequestType, s.bRequest, s.wValue, s.wIndex, s.wLength,
                                              out.empty() ? nullptr : out.data()};
        const auto reply = device_.control(request, in.data(), s.wLength);
        // The flash work announced by GETSTATUS runs after the status stage.
        device_.complete_pending();
        if (reply.stall) return {true, {}};
        in.resize(request.device_to_host() ? reply.length : 0);
        return {false, std::move(in)};
    }
    std::optional<Bytes> bulk_in_packet() override { return std::nullopt; }
    void bus_reset() override { device_.bus_reset(); }
    bool dfu_mode() const override { return true; }
    std::uint16_t bcd_device() const override { return kBootloaderBcd; }

private:
    fw::boot::SlotTarget target_;
    fw::dfu::DfuDevice device_;
};

ScannerModel::ScannerModel(Bytes flash, ModelOptions options)
    : memory_(std::move(flash)),
      options_(std::move(options)),
      nor_(memory_, 0, layout::kSectorSize, layout::kWriteGranularity),
      config_{fw::boot::builtin_keys(), layout::kLoadWindowStart, layout::kLoadWindowSize},
      citizen_(options_.hand_seed ? std::make_unique<Citizen>(*options_.hand_seed) : nullptr) {
    if (memory_.size() != layout::kManagedEnd)
        throw std::runtime_error("flash image must be " + std::to_string(layout::kManagedEnd) + " bytes");
    power_on(false);
}

ScannerModel::~ScannerModel() = default;

void ScannerModel::power_on(bool dfu_requested) {
    mode_.reset();  // the old program's objects go before the new one runs
    console_.clear();
    const fw::boot::BootOutcome o = fw::boot::boot(nor_, console_, config_, dfu_requested);
    if (o.action == fw::boot::BootOutcome::Action::run) {
        log_ += std::string("boot: slot ") + fw::boot::slot_name(o.slot) +
                (o.state == fw::boot::RunState::test ? " test" : " permanent") + " version " +
                std::to_string(o.header.version.major) + "." + std::to_string(o.header.version.minor) + "." +
                std::to_string(o.header.version.patch) + "\n";
        mode_ = std::make_unique<AppMode>(nor_, o, options_, citizen_.get(), log_);
    } else {
        log_ += "boot: dfu mode\n";
        mode_ = std::make_unique<DfuModeDevice>(nor_, config_, options_);
    }
    enumerate();
}

// What the host kernel does with a new device before anyone opens it:
// an address, then configuration 1 (sysfs shows bConfigurationValue 1).
void ScannerModel::enumerate() {
    constexpr std::uint8_t kSetAddress = 5, kSetConfiguration = 9;
    mode_->control({0x00, kSetAddress, 2, 0, 0}, {});
    mode_->control({0x00, kSetConfiguration, 1, 0, 0}, {});
}

ControlAnswer ScannerModel::control(const Setup& setup, const Bytes& out) {
    ControlAnswer answer = mode_->control(setup, out);
    if (mode_->detaching()) {
        power_on(true);
        reenumerate_ = true;
    }
    return answer;
}

std::optional<Bytes> ScannerModel::bulk_in_packet() { return mode_->bulk_in_packet(); }

bool ScannerModel::bus_reset() {
    mode_->bus_reset();
    // The bootloader restarts on a reset in DFU mode (DFU 1.1, 7: the host
    // resets to end DFU mode); the application just loses its configuration.
    if (!mode_->dfu_mode()) return false;
    power_on(false);
    return true;
}

bool ScannerModel::take_reenumeration() { return std::exchange(reenumerate_, false); }

Identity ScannerModel::identity() {
    constexpr std::uint8_t kGetDescriptor = 6;
    auto get = [&](std::uint8_t type, std::uint8_t index, std::uint16_t length) {
        const Setup s{0x80, kGetDescriptor, static_cast<std::uint16_t>(type << 8 | index),
                      static_cast<std::uint16_t>(index == 0 ? 0 : 0x0409), length};
        ControlAnswer a = mode_->control(s, {});
        return a.stalled ? Bytes{} : std::move(a.data);
    };
    Identity id;
    id.descriptors = get(1, 0, 18);
    const Bytes head = get(2, 0, 9);
    const std::uint16_t total = head.size() >= 4 ? static_cast<std::uint16_t>(head[2] | head[3] << 8) : 0;
    const Bytes config = get(2, 0, total);
    id.descriptors.insert(id.descriptors.end(), config.begin(), config.end());
    id.manufacturer = ascii_of_string_descriptor(get(3, 1, 255));
    id.product = ascii_of_string_descriptor(get(3, 2, 255));
    id.serial = ascii_of_string_descriptor(get(3, 3, 255));
    id.bcd_device = mode_->bcd_device();
    id.dfu_mode = mode_->dfu_mode();
    return id;
}

}  // namespace usbsim
