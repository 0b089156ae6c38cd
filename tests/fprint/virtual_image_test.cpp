// The libfprint backend against libfprint's own virtual_image device: the
// test plays the sensor, writing images (two native int32, width and height,
// then the grey bytes) or control messages to the socket FP_VIRTUAL_IMAGE
// names. libfprint reads the socket only while one of our calls runs, so
// whatever is written before a call is what that call sees.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>

#include "drivers/fprint_sensor.hpp"
#include "station/biometrics/image_io.hpp"
#include "cmocka.hpp"

namespace {

using namespace std::chrono_literals;
using hal::ErrorCode;
namespace fs = std::filesystem;

// Control messages: a negative width, and a value (see libfprint's virtual-image.c).
constexpr std::int32_t kRetry = -1;
constexpr std::int32_t kSessionError = -2;
constexpr std::int32_t kRetryTooShort = 1;      // FP_DEVICE_RETRY_TOO_SHORT
constexpr std::int32_t kErrorRemoved = 0x100;   // FP_DEVICE_ERROR_REMOVED

// The NIST flat samples hold the grey image in the PNG's alpha channel.
station::biometrics::GreyImage nist_flat(const char* name) {
  auto bytes = station::biometrics::read_file(fs::path(SHARED_DATA) / "nist-flat" / (std::string(name) + ".png"));
  ASSERT_OK(bytes);
  auto image = station::biometrics::decode_png(*bytes, station::biometrics::PngChannel::kAlpha);
  ASSERT_OK(image);
  return std::move(image).value();
}

class VirtualSensor {
 public:
  VirtualSensor() {
    char pattern[] = "/tmp/fprint-test-XXXXXX";
    dir_ = mkdtemp(pattern);
    socket_path_ = dir_ / "sensor.sock";
    setenv("FP_VIRTUAL_IMAGE", socket_path_.c_str(), 1);
  }
  ~VirtualSensor() {
    if (fd_ >= 0) close(fd_);
    sensor_.reset();
    unsetenv("FP_VIRTUAL_IMAGE");
    fs::remove_all(dir_);
  }

  // Opens the backend (libfprint starts listening) and connects to it.
  drivers::FprintSensor& open(drivers::FprintOptions options = {}) {
    auto sensor = drivers::FprintSensor::open(std::move(options));
    ASSERT_OK(sensor);
    sensor_ = std::move(sensor).value();
    fd_ = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket_path_.c_str(), sizeof address.sun_path - 1);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fail_msg("connect: %s", std::strerror(errno));
    return *sensor_;
  }

  void send_image(const station::biometrics::GreyImage& image) {
    send_header(static_cast<std::int32_t>(image.width()), static_cast<std::int32_t>(image.height()));
    write_all(image.pixels().data(), image.size());
  }
  void send_control(std::int32_t kind, std::int32_t value) { send_header(kind, value); }

 private:
  void send_header(std::int32_t a, std::int32_t b) {
    std::int32_t header[2] = {a, b};
    write_all(header, sizeof header);
  }
  void write_all(const void* data, std::size_t size) {
    auto* p = static_cast<const std::uint8_t*>(data);
    while (size > 0) {
      ssize_t n = write(fd_, p, size);
      if (n <= 0) fail_msg("write to the virtual sensor: %s", std::strerror(errno));
      p += n;
      size -= static_cast<std::size_t>(n);
    }
  }

  fs::path dir_;
  fs::path socket_path_;
  int fd_ = -1;
  std::unique_ptr<drivers::FprintSensor> sensor_;
};

void expect_code(const hal::Error& e, ErrorCode code) {
  if (e.code != code) fail_msg("expected '%s', got '%s'", std::string(hal::to_string(code)).c_str(), e.describe().c_str());
}

void nist_flats_arrive_byte_identical(void**) {
  for (const char* name : {"arch", "loop-right", "tented_arch", "whorl"}) {
    VirtualSensor rig;
    auto& sensor = rig.open({"", 500, {}});
    auto info = sensor.info();
    ASSERT_OK(info);
    assert_string_equal(info->driver.c_str(), "virtual_image");
    auto sent = nist_flat(name);
    rig.send_image(sent);
    auto got = sensor.capture(10s);
    ASSERT_OK(got);
    std::printf("%s: %ux%u, %zu bytes, %u ppi\n", name, got->width, got->height, got->pixels.size(), got->ppi);
    assert_int_equal(got->width, sent.width());
    assert_int_equal(got->height, sent.height());
    assert_int_equal(got->ppi, 500);  // the device reports none; the backend states it
    assert_true(got->pixels == sent.pixels());
  }
}

void the_stated_resolution_is_the_configured_one(void**) {
  VirtualSensor rig;
  auto& sensor = rig.open({"", 1000, {}});
  rig.send_image(nist_flat("whorl"));
  auto got = sensor.capture(10s);
  ASSERT_OK(got);
  assert_int_equal(got->ppi, 1000);
}

void an_enrolled_finger_verifies_and_another_does_not(void**) {
  VirtualSensor rig;
  auto loop = nist_flat("loop-right");
  std::vector<int> progress;
  // Each accepted touch asks for the next one, as an officer would be asked.
  drivers::FprintOptions options;
  options.enroll_progress = [&](int done, int total) {
    progress.push_back(done);
    if (done < total) rig.send_image(loop);
  };
  auto& sensor = rig.open(std::move(options));
  rig.send_image(loop);
  auto enrolled = sensor.enroll(30s);
  ASSERT_OK(enrolled);
  std::printf("enrolled after %zu touches, template %zu bytes, format %s\n", progress.size(), enrolled->data.size(),
              enrolled->format.c_str());
  assert_true((progress == std::vector<int>{1, 2, 3, 4, 5}));
  assert_string_equal(enrolled->format.c_str(), "libfprint:virtual_image");
  rig.send_image(loop);
  auto same = sensor.verify(*enrolled, 10s);
  ASSERT_OK(same);
  assert_true(*same);
  rig.send_image(nist_flat("whorl"));
  auto other = sensor.verify(*enrolled, 10s);
  ASSERT_OK(other);
  assert_false(*other);
}

void templates_from_elsewhere_are_refused(void**) {
  VirtualSensor rig;
  auto& sensor = rig.open();
  auto foreign = sensor.verify({"fake", {1, 2, 3}}, 1s);
  expect_code(foreign.error(), ErrorCode::kInvalidArgument);
  assert_non_null(std::strstr(foreign.error().message.c_str(), "'fake'"));
  auto garbled = sensor.verify({"libfprint:virtual_image", {1, 2, 3}}, 1s);
  expect_code(garbled.error(), ErrorCode::kInvalidArgument);
  assert_non_null(std::strstr(garbled.error().message.c_str(), "unreadable"));
  hal::Bytes damaged = {'F', 'P', '3'};
  for (int i = 0; i < 64; ++i) damaged.push_back(static_cast<std::uint8_t>(i * 37));
  expect_code(sensor.verify({"libfprint:virtual_image", damaged}, 1s).error(), ErrorCode::kInvalidArgument);
}

void the_sensor_s_retry_and_errors_come_through(void**) {
  VirtualSensor rig;
  auto& sensor = rig.open();
  rig.send_control(kRetry, kRetryTooShort);
  auto retry = sensor.capture(10s);
  expect_code(retry.error(), ErrorCode::kCorrupt);
  assert_non_null(std::strstr(retry.error().message.c_str(), "touch again"));
  rig.send_control(kSessionError, kErrorRemoved);
  expect_code(sensor.capture(10s).error(), ErrorCode::kUnavailable);
  // The device still works after both.
  rig.send_image(nist_flat("arch"));
  ASSERT_OK(sensor.capture(10s));
}

void no_finger_times_out_and_cancel_stops_a_wait(void**) {
  VirtualSensor rig;
  auto& sensor = rig.open();
  auto none = sensor.capture(300ms);
  expect_code(none.error(), ErrorCode::kTimeout);
  expect_code(sensor.capture(0ms).error(), ErrorCode::kInvalidArgument);
  std::atomic<bool> returned{false};
  std::thread canceller([&] {
    while (!returned) {
      sensor.cancel();
      std::this_thread::sleep_for(20ms);
    }
  });
  auto cancelled = sensor.capture(60s);
  returned = true;
  canceller.join();
  expect_code(cancelled.error(), ErrorCode::kCancelled);
  rig.send_image(nist_flat("arch"));
  ASSERT_OK(sensor.capture(10s));
}

void a_sensor_that_is_not_there_is_named(void**) {
  VirtualSensor rig;
  auto missing = drivers::FprintSensor::open({"virtual_image:nonexistent", 500, {}});
  expect_code(missing.error(), ErrorCode::kNotFound);
  unsetenv("FP_VIRTUAL_IMAGE");
  auto none = drivers::FprintSensor::open({});
  expect_code(none.error(), ErrorCode::kUnavailable);
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(nist_flats_arrive_byte_identical),
      cmocka_unit_test(the_stated_resolution_is_the_configured_one),
      cmocka_unit_test(an_enrolled_finger_verifies_and_another_does_not),
      cmocka_unit_test(templates_from_elsewhere_are_refused),
      cmocka_unit_test(the_sensor_s_retry_and_errors_come_through),
      cmocka_unit_test(no_finger_times_out_and_cancel_stops_a_wait),
      cmocka_unit_test(a_sensor_that_is_not_there_is_named),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
