#include "drivers/usb_scanner_updater.hpp"

#include <memory>
#include <thread>

#include "capture_wire.hpp"
#include "dfu_client.hpp"
#include "drivers/usb_scanners.hpp"
#include "usb_access.hpp"

namespace drivers {

namespace {

using usbaccess::Mode;

constexpr std::uint8_t kRuntimeInterface = 1;  // PROTOCOL.md §2: the application's DFU run-time interface
constexpr std::uint8_t kDfuInterface = 0;      // §4: the bootloader's only interface

struct Opened {
  usbaccess::Context context{nullptr, &libusb_exit};
  libusb_device_handle* handle = nullptr;
  std::string name, serial;
  int claimed = -1;

  ~Opened() {
    if (!handle) return;
    if (claimed >= 0) libusb_release_interface(handle, claimed);
    libusb_close(handle);
  }
};
using OpenedPtr = std::unique_ptr<Opened>;

// A fresh libusb context per search: it scans the bus as it is now, so a
// device that re-enumerated at a new address is seen without hot-plug events.
hal::Result<OpenedPtr> open_scanner(const std::string& serial, Mode mode) {
  auto o = std::make_unique<Opened>();
  auto context = usbaccess::start();
  if (!context) return context.error();
  o->context = std::move(*context);
  HAL_TRY(usbaccess::find_scanner(o->context.get(), serial, mode, o->handle, o->name, &o->serial));
  return o;
}

// Flashing the wrong scanner is worse than asking: with several attached,
// the technician names one.
hal::Result<std::string> pick_serial(const std::string& serial) {
  if (!serial.empty()) return serial;
  auto all = list_usb_scanners();
  if (!all) return all.error();
  if (all->empty()) {
    return hal::make_error(hal::ErrorCode::kUnavailable, "no rolled scanner (USB 1209:0004) is attached; plug it in");
  }
  if (all->size() > 1) {
    std::string serials;
    for (const auto& s : *all) serials += (serials.empty() ? "" : ", ") + (s.serial.empty() ? s.id : s.serial);
    return hal::make_error(hal::ErrorCode::kInvalidArgument, std::to_string(all->size()) +
                                                                 " rolled scanners are attached (" + serials +
                                                                 "): name the one to use with --serial");
  }
  return all->front().serial;
}

hal::Result<OpenedPtr> wait_for(const std::string& serial, Mode mode, std::chrono::milliseconds timeout,
                                const std::string& after) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto o = open_scanner(serial, mode);
    if (o) return o;
    if (std::chrono::steady_clock::now() >= deadline) {
      return hal::make_error(hal::ErrorCode::kTimeout,
                             "scanner " + (serial.empty() ? std::string("(no serial)") : serial) +
                                 " did not come back in " + (mode == Mode::dfu ? "DFU" : "application") +
                                 " mode within " + std::to_string(timeout.count() / 1000) + " s after " + after +
                                 " (last search: " + o.error().message + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

hal::Status claim(Opened& o, std::uint8_t interface, const char* what) {
  if (int rc = libusb_claim_interface(o.handle, interface); rc != 0) {
    return usbaccess::error_of(rc, o.name, std::string("claiming the ") + what + " interface");
  }
  o.claimed = interface;
  return {};
}

hal::Result<dfuwire::Functional> functional_of(Opened& o, std::uint8_t interface) {
  libusb_config_descriptor* config = nullptr;
  if (int rc = libusb_get_active_config_descriptor(libusb_get_device(o.handle), &config); rc != 0) {
    return usbaccess::error_of(rc, o.name, "reading its configuration descriptor");
  }
  std::unique_ptr<libusb_config_descriptor, decltype(&libusb_free_config_descriptor)> held(
      config, &libusb_free_config_descriptor);
  if (interface >= config->bNumInterfaces || config->interface[interface].num_altsetting < 1) {
    return hal::make_error(hal::ErrorCode::kProtocol, o.name + " has no interface " + std::to_string(interface) +
                                                          " (firmware/PROTOCOL.md puts DFU there)");
  }
  const auto& alt = config->interface[interface].altsetting[0];
  return dfuwire::find_functional(
      std::span<const std::uint8_t>(alt.extra, static_cast<std::size_t>(std::max(alt.extra_length, 0))), o.name);
}

// The application leaves for the bootloader (bitWillDetach: it resets
// itself; without it DFU 1.1 §5.1 has the host reset the bus).
hal::Status detach(Opened& app, const DfuLimits& limits) {
  auto f = functional_of(app, kRuntimeInterface);
  if (!f) return f.error();
  HAL_TRY(claim(app, kRuntimeInterface, "DFU run-time"));
  HAL_TRY(DfuClient(app.handle, kRuntimeInterface, app.name, limits).detach(f->detach_timeout_ms));
  if (!f->will_detach) libusb_reset_device(app.handle);
  return {};
}

hal::Status send(Opened& dfu, std::span<const std::uint8_t> image, const hal::ProgressFn& progress,
                 const DfuLimits& limits) {
  auto f = functional_of(dfu, kDfuInterface);
  if (!f) return f.error();
  if (!f->can_download) {
    return hal::make_error(hal::ErrorCode::kUnsupported, dfu.name + " says it cannot take downloads (bitCanDnload 0)");
  }
  HAL_TRY(claim(dfu, kDfuInterface, "DFU"));
  DfuClient client(dfu.handle, kDfuInterface, dfu.name, limits);
  HAL_TRY(client.make_idle());
  HAL_TRY(client.download(image, f->transfer_size, progress));
  return client.manifest();
}

// A scanner gone mid-transfer: what the technician needs to hear.
hal::Error cut_short(hal::Error e) {
  if (e.code == hal::ErrorCode::kUnavailable) {
    e.message += ". The update did not finish: the scanner keeps booting its old firmware; run the flash again";
  }
  return e;
}

}  // namespace

hal::Result<hal::ScannerBootStatus> UsbScannerUpdater::status(const std::string& serial) {
  auto chosen = pick_serial(serial);
  if (!chosen) return chosen.error();
  auto app = open_scanner(*chosen, Mode::application);
  if (!app) {
    if (auto dfu = open_scanner(*chosen, Mode::dfu)) {
      return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                             (*dfu)->name + " waits in DFU mode (no image it could boot, or an update cut short): "
                                            "it runs no firmware to report on; flash an image to it");
    }
    return app.error();
  }
  Opened& o = **app;
  std::uint8_t block[64] = {};
  const int n = libusb_control_transfer(o.handle, usbwire::kVendorIn, usbwire::kGetBootStatus, 0, 0, block,
                                        sizeof block, static_cast<unsigned>(options_.control_timeout.count()));
  if (n == LIBUSB_ERROR_PIPE) {
    return hal::make_error(hal::ErrorCode::kUnsupported,
                           o.name + " does not answer GET_BOOT_STATUS (firmware/PROTOCOL.md §3): its firmware is "
                                    "older than the request, so its security counter is unknown");
  }
  if (n < 0) return usbaccess::error_of(n, o.name, "GET_BOOT_STATUS");
  auto status = usbwire::parse_boot_status(std::span<const std::uint8_t>(block, static_cast<std::size_t>(n)), o.name);
  if (!status) return status.error();
  status->serial = o.serial;
  status->location = usbaccess::location_of(libusb_get_device(o.handle));
  return status;
}

hal::Status UsbScannerUpdater::download(const std::string& serial, std::span<const std::uint8_t> image,
                                        const hal::ProgressFn& progress) {
  auto chosen = pick_serial(serial);
  if (!chosen) return chosen.error();
  const DfuLimits limits{static_cast<unsigned>(options_.control_timeout.count())};
  // An earlier attempt cut short may have left it waiting in DFU mode.
  if (auto app = open_scanner(*chosen, Mode::application)) {
    if (auto d = detach(**app, limits); !d) return d.error();
  }
  auto dfu = wait_for(*chosen, Mode::dfu, options_.reenumeration_timeout, "DFU_DETACH");
  if (!dfu) return dfu.error();
  if (auto sent = send(**dfu, image, progress, limits); !sent) return cut_short(sent.error());
  // The bootloader restarts and tries the new image (in test state).
  libusb_reset_device((*dfu)->handle);
  dfu->reset();
  auto back = wait_for(*chosen, Mode::application, options_.reenumeration_timeout, "the reset that starts the image");
  if (!back) return back.error();
  return {};
}

}  // namespace drivers
