// unit_usbscan_capture_wire: the Info block and message headers of
// firmware/PROTOCOL.md §3 as drivers/usbscan decodes them, built here byte
// by byte from the document: good ones read back, every lie refused with
// an error naming the device and the field.
#include <cstdint>
#include <string>
#include <vector>

#include "capture_wire.hpp"
#include "cmocka.hpp"

namespace {

using drivers::usbwire::DeviceInfo;
using Bytes = std::vector<std::uint8_t>;
const std::string kName = "scanner X at usb:1-1";

void put16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v);
  b[at + 1] = static_cast<std::uint8_t>(v >> 8);
}
void put32(Bytes& b, std::size_t at, std::uint32_t v) {
  put16(b, at, static_cast<std::uint16_t>(v));
  put16(b, at + 2, static_cast<std::uint16_t>(v >> 16));
}

Bytes info_block(std::uint16_t width = 40, std::uint16_t height = 30) {
  Bytes b(44, 0);
  put16(b, 0, 1);
  put16(b, 2, 44);
  b[4] = 1;
  b[5] = 2;
  put16(b, 6, 3);
  put32(b, 8, 45);
  const std::string serial = "0123456789ABCDEF";
  for (std::size_t i = 0; i < 16; ++i) b[12 + i] = static_cast<std::uint8_t>(serial[i]);
  put16(b, 28, width);
  put16(b, 30, height);
  put16(b, 32, 500);
  b[34] = 8;
  b[35] = 1;
  put32(b, 36, 25000);
  put32(b, 40, 24u + std::uint32_t{width} * height);
  return b;
}

Bytes message(std::uint16_t type, std::uint32_t sequence, std::uint32_t payload, std::uint16_t w = 40,
              std::uint16_t h = 30) {
  Bytes b(24 + payload, 0x77);
  put32(b, 0, 0x31465352);
  put16(b, 4, 24);
  put16(b, 6, type);
  put32(b, 8, sequence);
  put32(b, 12, 1234);
  put16(b, 16, type == 1 ? w : 0);
  put16(b, 18, type == 1 ? h : 0);
  put32(b, 20, payload);
  return b;
}

DeviceInfo good_info() { return *drivers::usbwire::parse_info(info_block(), kName); }

void refused(const hal::Error& e, hal::ErrorCode code, const std::string& says) {
  assert_int_equal(static_cast<int>(e.code), static_cast<int>(code));
  if (e.message.find(says) == std::string::npos || e.message.find(kName) == std::string::npos) {
    fail_msg("'%s' does not name the device and say '%s'", e.message.c_str(), says.c_str());
  }
}

void reads_a_good_info_block(void**) {
  auto info = drivers::usbwire::parse_info(info_block(), kName);
  assert_true(info.ok());
  assert_string_equal(drivers::usbwire::version_text(*info).c_str(), "1.2.3+45");
  assert_string_equal(info->serial.c_str(), "0123456789ABCDEF");
  assert_int_equal(info->width, 40);
  assert_int_equal(info->height, 30);
  assert_int_equal(info->ppi, 500);
  assert_true(info->test_image);
  assert_int_equal(info->frame_interval_us, 25000);
  assert_int_equal(info->largest_message, 24 + 1200);
}

void refuses_lying_info(void**) {
  struct Lie {
    std::size_t at;
    std::uint32_t value;
    int width;  // 16 or 32 or 8 bits
    const char* says;
  } lies[] = {
      {0, 2, 16, "protocol version 2"},  {2, 40, 16, "block length 40"},
      {28, 0, 16, "a 0 x 30 pixel sensor"}, {32, 0, 16, "resolution of 0"},
      {34, 16, 8, "16 bits per pixel"},  {36, 0, 32, "frame interval of 0"},
      {40, 4096, 32, "its largest message is 4096 bytes, but a 40 x 30 frame takes 1224"},
  };
  for (const Lie& lie : lies) {
    Bytes b = info_block();
    if (lie.width == 8) b[lie.at] = static_cast<std::uint8_t>(lie.value);
    if (lie.width == 16) put16(b, lie.at, static_cast<std::uint16_t>(lie.value));
    if (lie.width == 32) put32(b, lie.at, lie.value);
    auto info = drivers::usbwire::parse_info(b, kName);
    assert_false(info.ok());
    refused(info.error(), hal::ErrorCode::kProtocol, lie.says);
  }
  auto short_block = drivers::usbwire::parse_info(Bytes(20, 0), kName);
  assert_false(short_block.ok());
  refused(short_block.error(), hal::ErrorCode::kProtocol, "the block has 20 bytes, not 44");
}

void reads_frames_errors_and_roll_ends(void**) {
  const DeviceInfo info = good_info();
  auto frame = drivers::usbwire::parse_message(message(1, 7, 1200), info, kName);
  assert_true(frame.ok());
  assert_int_equal(frame->sequence, 7);
  assert_int_equal(frame->timestamp_ms, 1234);
  assert_int_equal(frame->payload_length, 1200);
  auto error = drivers::usbwire::parse_message(message(2, 3, 8), info, kName);
  assert_true(error.ok());
  assert_true(error->type == drivers::usbwire::MessageType::kError);
  auto end = drivers::usbwire::parse_message(message(3, 9, 0), info, kName);
  assert_true(end.ok());
  assert_true(end->type == drivers::usbwire::MessageType::kRollEnd);
}

void refuses_bad_messages(void**) {
  const DeviceInfo info = good_info();
  auto check = [&](const Bytes& m, const char* says) {
    auto header = drivers::usbwire::parse_message(m, info, kName);
    assert_false(header.ok());
    refused(header.error(), hal::ErrorCode::kCorrupt, says);
  };
  check(Bytes(10, 0), "a short transfer of 10 bytes");
  Bytes no_magic = message(1, 0, 1200);
  no_magic[0] = 'X';
  check(no_magic, "no RSF1 magic");
  Bytes header_length = message(1, 0, 1200);
  put16(header_length, 4, 20);
  check(header_length, "header length 20");
  check(message(9, 0, 0), "unknown message type 9");
  Bytes truncated = message(1, 4, 1200);
  truncated.resize(600);
  check(truncated, "announces 1200 payload bytes but 576 came (a short transfer)");
  Bytes longer = message(1, 4, 1200);
  longer.resize(1300, 0);
  check(longer, "but 1276 came (a long transfer)");
  check(message(1, 2, 50 * 30, 50, 30), "frame 2 is 50 x 30, the sensor 40 x 30");
  check(message(2, 2, 4), "carries 4 bytes, not 8");
  check(message(3, 2, 8), "carries 8 bytes, not 0");
}

void names_error_codes(void**) {
  const std::uint8_t report[8] = {1, 0, 0x2A, 0, 5, 0, 0, 0};
  const auto r = drivers::usbwire::parse_error_report(report);
  assert_int_equal(r.code, 1);
  assert_int_equal(r.detail, 42);
  assert_int_equal(r.sequence, 5);
  assert_string_equal(drivers::usbwire::error_name(1).c_str(), "sensor_fault");
  assert_string_equal(drivers::usbwire::error_name(4).c_str(), "not_configured");
  assert_string_equal(drivers::usbwire::error_name(99).c_str(), "error 99");
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(reads_a_good_info_block),
      cmocka_unit_test(refuses_lying_info),
      cmocka_unit_test(reads_frames_errors_and_roll_ends),
      cmocka_unit_test(refuses_bad_messages),
      cmocka_unit_test(names_error_codes),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
