// unit_fwupdate_flash: the order `station firmware flash` keeps, against a
// scripted hal::ScannerUpdater (a unit test of fwupdate::flash_image alone;
// the real DFU path is rig_usb_flash): a bad signature or a downgrade sends
// nothing, and a scanner that did not start or confirm the image is named.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "station/fwupdate/flash.hpp"

#include "fake_scanner_updater.hpp"

#include "cmocka.hpp"

namespace {

namespace fwu = station::fwupdate;
using Bytes = std::vector<std::uint8_t>;

struct Signed {
  Bytes bytes;
  fwu::FirmwareImage image;
};

// 2.5.7+99 with security counter 4, signed with the factory test key.
Signed signed_image() {
  char dir[] = "/tmp/fwflash.XXXXXX";
  assert_non_null(mkdtemp(dir));
  const std::string payload = std::string(dir) + "/p.bin", image = std::string(dir) + "/p.img";
  std::ofstream(payload, std::ios::binary) << std::string(5000, 'y');
  const std::string command = std::string(FW_SIGN) + " --key " + FW_TEST_KEY +
                              " --version 2.5.7+99 --security-counter 4 " + payload + " " + image + " >/dev/null";
  assert_int_equal(std::system(command.c_str()), 0);
  std::ifstream in(image, std::ios::binary);
  Signed s{Bytes(std::istreambuf_iterator<char>(in), {}), {}};
  std::system(("rm -rf " + std::string(dir)).c_str());
  auto parsed = fwu::parse_image(s.bytes, "p.img");
  assert_true(parsed.ok());
  s.image = *parsed;
  return s;
}

hal::ScannerBootStatus running(std::uint8_t minor, std::uint32_t counter, bool test, hal::FirmwareSlotState b) {
  hal::ScannerBootStatus s;
  s.serial = "00C0FFEE00C0FFEE";
  s.location = "usb:1-1";
  s.major = 2;
  s.minor = minor;
  s.patch = 7;
  s.build = 99;
  s.security_counter = counter;
  s.running_slot = test ? 1 : 0;
  s.test_boot = test;
  s.slots = {hal::FirmwareSlotState::kActive, b};
  return s;
}

void expect_error(const hal::Result<fwu::FlashOutcome>& r, hal::ErrorCode code, const char* part) {
  assert_false(r.ok());
  assert_int_equal(static_cast<int>(r.error().code), static_cast<int>(code));
  if (r.error().message.find(part) == std::string::npos) fail_msg("'%s' lacks '%s'", r.error().message.c_str(), part);
}

std::vector<fwu::PublicKey> keys() { return {*fwu::load_public_key(FW_TEST_PUB)}; }

void sends_the_whole_file_to_the_serial_it_asked_and_checks_the_boot(void**) {
  const Signed s = signed_image();
  hal::FakeScannerUpdater scanner;
  scanner.before = running(1, 4, false, hal::FirmwareSlotState::kEmpty);  // same counter: allowed
  scanner.after = running(5, 4, true, hal::FirmwareSlotState::kConfirmed);
  std::size_t reported = 0;
  auto r = fwu::flash_image(scanner, {s.bytes, s.image, "p.img", ""}, keys(),
                            [&](const hal::DownloadProgress& p) { reported = p.sent; });
  if (!r) fail_msg("%s", r.error().message.c_str());
  assert_int_equal(scanner.downloads, 1);
  assert_true(scanner.sent == s.bytes);
  assert_int_equal(reported, s.bytes.size());
  // "" picked the one scanner; every later step names it by its serial.
  assert_string_equal(scanner.sent_to.c_str(), "00C0FFEE00C0FFEE");
  assert_int_equal(scanner.asked.size(), 2);
  assert_string_equal(scanner.asked[1].c_str(), "00C0FFEE00C0FFEE");
}

void a_downgrade_sends_nothing(void**) {
  const Signed s = signed_image();
  hal::FakeScannerUpdater scanner;
  scanner.before = running(1, 5, false, hal::FirmwareSlotState::kEmpty);
  auto r = fwu::flash_image(scanner, {s.bytes, s.image, "p.img", ""}, keys(), {});
  expect_error(r, hal::ErrorCode::kFailedPrecondition, "security counter 4, below the 5 of scanner 00C0FFEE00C0FFEE");
  assert_int_equal(scanner.downloads, 0);
}

void a_bad_signature_sends_nothing_and_asks_nothing(void**) {
  Signed s = signed_image();
  s.bytes[300] ^= 1;
  hal::FakeScannerUpdater scanner;
  auto r = fwu::flash_image(scanner, {s.bytes, s.image, "p.img", ""}, keys(), {});
  assert_false(r.ok());
  assert_int_equal(scanner.downloads, 0);
  assert_true(scanner.asked.empty());
}

void a_scanner_that_did_not_start_or_confirm_the_image_is_named(void**) {
  const Signed s = signed_image();
  hal::FakeScannerUpdater old;
  old.before = running(1, 4, false, hal::FirmwareSlotState::kEmpty);
  old.after = running(1, 4, false, hal::FirmwareSlotState::kInactive);
  old.after.last_refusal = 20;
  expect_error(fwu::flash_image(old, {s.bytes, s.image, "p.img", ""}, keys(), {}), hal::ErrorCode::kFailedPrecondition,
               "it runs 2.1.7+99 (last refusal: bad_signature)");
  hal::FakeScannerUpdater unconfirmed;
  unconfirmed.before = old.before;
  unconfirmed.after = running(5, 4, true, hal::FirmwareSlotState::kTesting);
  expect_error(fwu::flash_image(unconfirmed, {s.bytes, s.image, "p.img", ""}, keys(), {}),
               hal::ErrorCode::kFailedPrecondition, "did not confirm itself (slot state testing)");
}

// The driver's own words for a scanner that left mid-transfer reach the
// technician unchanged, and nothing asks the scanner whether it booted.
void a_scanner_that_leaves_mid_transfer_is_reported_as_the_driver_names_it(void**) {
  const Signed s = signed_image();
  hal::FakeScannerUpdater scanner;
  scanner.before = running(1, 4, false, hal::FirmwareSlotState::kEmpty);
  scanner.download_error = hal::make_error(hal::ErrorCode::kUnavailable, "scanner 00C0FFEE00C0FFEE left at block 7");
  expect_error(fwu::flash_image(scanner, {s.bytes, s.image, "p.img", ""}, keys(), {}), hal::ErrorCode::kUnavailable,
               "left at block 7");
  assert_int_equal(scanner.downloads, 0);
  assert_int_equal(scanner.asked.size(), 1);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(sends_the_whole_file_to_the_serial_it_asked_and_checks_the_boot),
      cmocka_unit_test(a_downgrade_sends_nothing),
      cmocka_unit_test(a_bad_signature_sends_nothing_and_asks_nothing),
      cmocka_unit_test(a_scanner_that_did_not_start_or_confirm_the_image_is_named),
      cmocka_unit_test(a_scanner_that_leaves_mid_transfer_is_reported_as_the_driver_names_it),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
