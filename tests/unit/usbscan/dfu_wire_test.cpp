// unit_usbscan_dfu_wire: the DFU 1.1 answers and the GET_BOOT_STATUS block
// as drivers/usbscan reads them: every bStatus and bState by its
// specification name, lies refused with the field named.
#include <string>
#include <vector>

#include "capture_wire.hpp"
#include "dfu_wire.hpp"

#include "cmocka.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;

void expect_protocol_error(const hal::Error& e, const char* part) {
  assert_int_equal(static_cast<int>(e.code), static_cast<int>(hal::ErrorCode::kProtocol));
  if (e.message.find(part) == std::string::npos) fail_msg("'%s' lacks '%s'", e.message.c_str(), part);
}

void getstatus_answer_is_decoded(void**) {
  const Bytes busy{0, 0x80, 0x0C, 0, 4, 0};  // OK, 3200 ms, dfuDNBUSY
  auto s = drivers::dfuwire::parse_status(busy, "dev");
  assert_true(s.ok());
  assert_int_equal(s->poll_timeout_ms, 3200);
  assert_int_equal(static_cast<int>(s->state), static_cast<int>(drivers::dfuwire::State::kDnBusy));
  expect_protocol_error(drivers::dfuwire::parse_status(Bytes{0, 0, 0, 0, 11, 0}, "dev").error(), "DFU state 11");
  expect_protocol_error(drivers::dfuwire::parse_status(Bytes{0, 0, 0}, "dev").error(), "3 bytes, not 6");
}

void statuses_and_states_have_their_specification_names(void**) {
  assert_string_equal(drivers::dfuwire::status_name(7).c_str(), "errVERIFY");
  assert_string_equal(drivers::dfuwire::status_name(15).c_str(), "errSTALLEDPKT");
  assert_string_equal(drivers::dfuwire::status_name(9).c_str(), "errNOTDONE");
  assert_string_equal(drivers::dfuwire::status_name(16).c_str(), "status 16");
  assert_string_equal(drivers::dfuwire::state_name(drivers::dfuwire::State::kManifestWaitReset).c_str(),
                      "dfuMANIFEST-WAIT-RESET");
  assert_string_equal(drivers::dfuwire::state_name(drivers::dfuwire::State::kError).c_str(), "dfuERROR");
}

void functional_descriptor_is_found_among_the_extras(void**) {
  // Another class descriptor first, then DFU FUNCTIONAL as PROTOCOL.md §2.
  const Bytes extra{3, 0x24, 0, 9, 0x21, 0x0F, 0xE8, 0x03, 0x00, 0x04, 0x10, 0x01};
  auto f = drivers::dfuwire::find_functional(extra, "dev");
  assert_true(f.ok());
  assert_int_equal(f->transfer_size, 1024);
  assert_int_equal(f->detach_timeout_ms, 1000);
  assert_true(f->can_download && f->manifestation_tolerant && f->will_detach);
  expect_protocol_error(drivers::dfuwire::find_functional(Bytes{}, "dev").error(), "no well-formed DFU functional");
  const Bytes zero{9, 0x21, 0x0F, 0xE8, 0x03, 0, 0, 0x10, 0x01};
  expect_protocol_error(drivers::dfuwire::find_functional(zero, "dev").error(), "transfer size of 0");
}

void boot_status_block_is_decoded_and_lies_refused(void**) {
  Bytes b{1, 0, 24, 0, 1, 2, 3, 0, 4, 0, 0, 0, 5, 0, 0, 0, 1, 2, 1, 4, 20, 0, 0, 0};
  auto s = drivers::usbwire::parse_boot_status(b, "scanner X");
  assert_true(s.ok());
  assert_int_equal(s->security_counter, 5);
  assert_int_equal(s->running_slot, 1);
  assert_true(s->test_boot);
  assert_int_equal(static_cast<int>(s->slots[1]), static_cast<int>(hal::FirmwareSlotState::kConfirmed));
  assert_int_equal(s->last_refusal, 20);
  Bytes wrong_slot = b;
  wrong_slot[16] = 2;
  expect_protocol_error(drivers::usbwire::parse_boot_status(wrong_slot, "scanner X").error(), "running slot 2");
  Bytes wrong_state = b;
  wrong_state[19] = 9;
  expect_protocol_error(drivers::usbwire::parse_boot_status(wrong_state, "scanner X").error(), "slot B state 9");
  expect_protocol_error(drivers::usbwire::parse_boot_status(Bytes(b.begin(), b.begin() + 20), "scanner X").error(),
                        "20 bytes, not 24");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(getstatus_answer_is_decoded),
      cmocka_unit_test(statuses_and_states_have_their_specification_names),
      cmocka_unit_test(functional_descriptor_is_found_among_the_extras),
      cmocka_unit_test(boot_status_block_is_decoded_and_lies_refused),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
