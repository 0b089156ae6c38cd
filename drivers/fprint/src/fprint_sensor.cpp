#include "drivers/fprint_sensor.hpp"

#include <fprint.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "fprint_errors.hpp"
#include "glib_ptr.hpp"

namespace drivers {

namespace {

constexpr std::chrono::milliseconds kOpenCloseTimeout{10000};

// libfprint's *_sync calls iterate GLib's global default main context, which
// only one thread may drive at a time.
std::mutex& libfprint_mutex() {
  static std::mutex mutex;
  return mutex;
}

// Where cancel() finds the cancellable of the operation running now.
struct CancelSlot {
  std::mutex mutex;
  GCancellable* current = nullptr;
};

// Cancels `cancellable` when `timeout` passes. The timer lives on the default
// main context, which the guarded *_sync call iterates, so it fires inside it.
class Deadline {
 public:
  Deadline(GCancellable* cancellable, std::chrono::milliseconds timeout)
      : cancellable_(cancellable), source_(g_timeout_source_new(static_cast<guint>(timeout.count()))) {
    g_source_set_callback(source_.get(), &Deadline::expire, this, nullptr);
    g_source_attach(source_.get(), nullptr);
  }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;
  bool expired() const { return expired_; }

 private:
  static gboolean expire(gpointer self) {
    auto* deadline = static_cast<Deadline*>(self);
    deadline->expired_ = true;
    g_cancellable_cancel(deadline->cancellable_);
    return G_SOURCE_REMOVE;
  }

  GCancellable* cancellable_;
  glib::SourcePtr source_;
  bool expired_ = false;
};

// One libfprint call: holds the process-wide lock, owns the cancellable that
// both the deadline and cancel() use, and names the failure when it comes.
class Operation {
 public:
  Operation(CancelSlot& slot, std::chrono::milliseconds timeout)
      : lock_(libfprint_mutex()), slot_(slot), cancellable_(g_cancellable_new()), deadline_(cancellable_.get(), timeout) {
    std::lock_guard guard(slot_.mutex);
    slot_.current = cancellable_.get();
  }
  ~Operation() {
    std::lock_guard guard(slot_.mutex);
    slot_.current = nullptr;
  }
  Operation(const Operation&) = delete;
  Operation& operator=(const Operation&) = delete;

  GCancellable* cancellable() const { return cancellable_.get(); }
  hal::Error failure(GError* error, std::string_view action) const {
    glib::ErrorPtr owned(error);
    return fprint_error(owned.get(), action, deadline_.expired());
  }

 private:
  std::unique_lock<std::mutex> lock_;
  CancelSlot& slot_;
  glib::ObjectPtr<GCancellable> cancellable_;
  Deadline deadline_;
};

hal::Status check_timeout(std::chrono::milliseconds timeout, std::string_view action) {
  if (timeout.count() <= 0 || timeout > std::chrono::hours(24)) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "fingerprint sensor " + std::string(action) +
                                                                 ": timeout must be between 1 ms and 24 h, not " +
                                                                 std::to_string(timeout.count()) + " ms");
  }
  return {};
}

std::string device_key(FpDevice* device) {
  return std::string(fp_device_get_driver(device)) + ":" + fp_device_get_device_id(device);
}

hal::Result<FpDevice*> choose_device(FpContext* context, const std::string& wanted) {
  GPtrArray* devices = fp_context_get_devices(context);
  if (!devices || devices->len == 0) {
    return hal::make_error(hal::ErrorCode::kUnavailable,
                           "libfprint sees no fingerprint sensor (for the virtual one, set FP_VIRTUAL_IMAGE)");
  }
  for (guint i = 0; i < devices->len; ++i) {
    auto* device = static_cast<FpDevice*>(g_ptr_array_index(devices, i));
    if (wanted.empty() || device_key(device) == wanted) return device;
  }
  return hal::make_error(hal::ErrorCode::kNotFound, "libfprint has no fingerprint sensor named '" + wanted + "'");
}

std::uint32_t image_ppi(FpImage* image, std::uint32_t stated) {
  double ppmm = fp_image_get_ppmm(image);
  return ppmm > 0 ? static_cast<std::uint32_t>(std::lround(ppmm * 25.4)) : stated;
}

void report_enroll_progress(FpDevice* device, gint completed, FpPrint*, gpointer user_data, GError* error) {
  // A retried touch reports progress too, with the same count and an error.
  if (error) return;
  const auto& callback = *static_cast<std::function<void(int, int)>*>(user_data);
  callback(completed, fp_device_get_nr_enroll_stages(device));
}

}  // namespace

struct FprintSensor::Device {
  FprintOptions options;
  glib::ObjectPtr<FpContext> context;
  glib::ObjectPtr<FpDevice> device;
  CancelSlot cancel_slot;
};

FprintSensor::FprintSensor(std::unique_ptr<Device> device) : device_(std::move(device)) {}

hal::Result<std::unique_ptr<FprintSensor>> FprintSensor::open(FprintOptions options) {
  auto state = std::make_unique<Device>();
  state->options = std::move(options);
  {
    std::lock_guard lock(libfprint_mutex());
    state->context.reset(fp_context_new());
    if (!state->context) return hal::make_error(hal::ErrorCode::kUnavailable, "libfprint could not create a context");
    auto chosen = choose_device(state->context.get(), state->options.device);
    if (!chosen) return chosen.error();
    state->device.reset(FP_DEVICE(g_object_ref(*chosen)));
  }
  Operation op(state->cancel_slot, kOpenCloseTimeout);
  GError* error = nullptr;
  if (!fp_device_open_sync(state->device.get(), op.cancellable(), &error)) return op.failure(error, "open");
  return std::unique_ptr<FprintSensor>(new FprintSensor(std::move(state)));
}

FprintSensor::~FprintSensor() {
  Operation op(device_->cancel_slot, kOpenCloseTimeout);
  // Nothing useful can be done about a failed close while tearing down.
  GError* error = nullptr;
  if (!fp_device_close_sync(device_->device.get(), op.cancellable(), &error)) g_clear_error(&error);
}

void FprintSensor::cancel() {
  std::lock_guard guard(device_->cancel_slot.mutex);
  if (device_->cancel_slot.current) g_cancellable_cancel(device_->cancel_slot.current);
}

hal::Result<hal::SensorInfo> FprintSensor::info() const {
  std::lock_guard lock(libfprint_mutex());
  FpDevice* device = device_->device.get();
  return hal::SensorInfo{device_key(device), fp_device_get_driver(device), fp_device_get_name(device)};
}

hal::Result<hal::FingerImage> FprintSensor::capture(std::chrono::milliseconds timeout) {
  HAL_TRY(check_timeout(timeout, "capture"));
  Operation op(device_->cancel_slot, timeout);
  GError* error = nullptr;
  glib::ObjectPtr<FpImage> image(fp_device_capture_sync(device_->device.get(), TRUE, op.cancellable(), &error));
  if (!image) return op.failure(error, "capture");
  gsize length = 0;
  const guchar* data = fp_image_get_data(image.get(), &length);
  hal::FingerImage out;
  out.width = fp_image_get_width(image.get());
  out.height = fp_image_get_height(image.get());
  if (static_cast<std::size_t>(out.width) * out.height != length) {
    return hal::make_error(hal::ErrorCode::kCorrupt, "fingerprint sensor capture: image of " +
                                                         std::to_string(out.width) + "x" + std::to_string(out.height) +
                                                         " came with " + std::to_string(length) + " bytes");
  }
  out.ppi = image_ppi(image.get(), device_->options.ppi);
  out.pixels.assign(data, data + length);
  return out;
}

hal::Result<hal::FingerTemplate> FprintSensor::enroll(std::chrono::milliseconds timeout) {
  HAL_TRY(check_timeout(timeout, "enroll"));
  Operation op(device_->cancel_slot, timeout);
  FpDevice* device = device_->device.get();
  // The template print is floating; enroll takes it over.
  FpPrint* pattern = fp_print_new(device);
  fp_print_set_finger(pattern, FP_FINGER_UNKNOWN);
  auto* progress = device_->options.enroll_progress ? &device_->options.enroll_progress : nullptr;
  GError* error = nullptr;
  glib::ObjectPtr<FpPrint> print(fp_device_enroll_sync(device, pattern, op.cancellable(),
                                                       progress ? report_enroll_progress : nullptr, progress, &error));
  if (!print) return op.failure(error, "enroll");
  guchar* bytes = nullptr;
  gsize length = 0;
  if (!fp_print_serialize(print.get(), &bytes, &length, &error)) return op.failure(error, "enroll");
  hal::FingerTemplate out{kFormatPrefix + std::string(fp_device_get_driver(device)), hal::Bytes(bytes, bytes + length)};
  g_free(bytes);
  return out;
}

hal::Result<bool> FprintSensor::verify(const hal::FingerTemplate& enrolled, std::chrono::milliseconds timeout) {
  HAL_TRY(check_timeout(timeout, "verify"));
  Operation op(device_->cancel_slot, timeout);
  FpDevice* device = device_->device.get();
  std::string ours = kFormatPrefix + std::string(fp_device_get_driver(device));
  if (enrolled.format != ours) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "fingerprint template was made by '" + enrolled.format + "', this sensor reads '" + ours + "'");
  }
  // libfprint asserts (aborts) on data shorter than its magic ("FP3") instead of
  // failing, so that check is made here.
  static constexpr std::uint8_t kMagic[] = {'F', 'P', '3'};
  if (enrolled.data.size() <= sizeof kMagic || !std::equal(std::begin(kMagic), std::end(kMagic), enrolled.data.begin())) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "fingerprint template is unreadable: not a libfprint print");
  }
  GError* error = nullptr;
  glib::ObjectPtr<FpPrint> print(fp_print_deserialize(enrolled.data.data(), enrolled.data.size(), &error));
  if (!print) {
    glib::ErrorPtr owned(error);
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           std::string("fingerprint template is unreadable: ") + (owned ? owned->message : "no reason given"));
  }
  if (!fp_print_compatible(print.get(), device)) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "fingerprint template was enrolled on another sensor");
  }
  gboolean match = FALSE;
  if (!fp_device_verify_sync(device, print.get(), op.cancellable(), nullptr, nullptr, &match, nullptr, &error)) {
    return op.failure(error, "verify");
  }
  return match == TRUE;
}

}  // namespace drivers
