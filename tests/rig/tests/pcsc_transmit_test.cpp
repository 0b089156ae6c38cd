// APDUs through the whole PC/SC stack to the simulated card: connect (with
// the extended-length probe), SELECT, UPDATE/READ BINARY, GET CHALLENGE,
// extended length, and the driver's own argument checks.
#include "rig_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace rig_test;

int setup(void** state) {
  drivers::PcscOptions probing = quick_options(0);
  return start(state, {}, probing);
}

hal::ResponseApdu send(Fixture& f, const hal::CommandApdu& command) {
  auto r = f.terminal->transmit(command);
  if (!r.ok()) fail_msg("%s", r.error().describe().c_str());
  return r.value();
}

void connect_probes_extended_length(void** state) {
  Fixture& f = fixture(state);
  auto caps = f.terminal->connect(f.rig->reader_name());
  ASSERT_OK(caps);
  assert_int_equal(caps->protocol, hal::CardProtocol::kT1);
  assert_true(caps->extended_length);
  assert_int_equal(caps->max_command_data, 32768);  // PcscOptions::assumed_extended_data
  assert_int_equal(caps->max_response_data, 32768);
  auto again = f.terminal->capabilities();
  ASSERT_OK(again);
  assert_true(again->extended_length);
}

void select_update_read_round_trip(void** state) {
  Fixture& f = fixture(state);
  ASSERT_OK(f.terminal->connect(f.rig->reader_name()));
  assert_int_equal(send(f, apdu(kSelectEmrtd)).sw, 0x9000);
  assert_int_equal(send(f, apdu(kSelectDg1)).sw, 0x9000);
  assert_int_equal(send(f, apdu("00 D6 00 05 04 CA FE BA BE")).sw, 0x9000);
  hal::ResponseApdu read = send(f, apdu("00 B0 00 04 06"));
  assert_int_equal(read.sw, 0x9000);
  assert_string_equal(hal::to_hex(read.data).c_str(), "00CAFEBABE00");
}

void get_challenge_gives_fresh_bytes(void** state) {
  Fixture& f = fixture(state);
  ASSERT_OK(f.terminal->connect(f.rig->reader_name()));
  hal::ResponseApdu first = send(f, apdu("00 84 00 00 08"));
  hal::ResponseApdu second = send(f, apdu("00 84 00 00 08"));
  assert_int_equal(first.sw, 0x9000);
  assert_int_equal(first.data.size(), 8);
  assert_int_equal(second.data.size(), 8);
  assert_true(first.data != second.data);
}

void card_refusals_are_status_words_not_errors(void** state) {
  Fixture& f = fixture(state);
  ASSERT_OK(f.terminal->connect(f.rig->reader_name()));
  assert_int_equal(send(f, apdu(kSelectEmrtd)).sw, 0x9000);
  assert_int_equal(send(f, apdu("00 A4 02 0C 02 01 99")).sw, 0x6A82);
  assert_int_equal(send(f, apdu("00 77 00 00")).sw, 0x6D00);
  assert_int_equal(send(f, apdu("80 84 00 00 08")).sw, 0x6E00);
}

void four_kilobytes_in_one_extended_apdu_each_way(void** state) {
  Fixture& f = fixture(state);
  ASSERT_OK(f.terminal->connect(f.rig->reader_name()));
  send(f, apdu(kSelectEmrtd));
  assert_int_equal(send(f, apdu("00 A4 02 0C 02 01 02")).sw, 0x9000);  // DG2, 32 KB
  hal::Bytes image(4096);
  for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<std::uint8_t>(i * 7 + 3);
  assert_int_equal(send(f, {0x00, 0xD6, 0x00, 0x00, image, std::nullopt}).sw, 0x9000);
  hal::ResponseApdu read = send(f, {0x00, 0xB0, 0x00, 0x00, {}, 4096});
  assert_int_equal(read.sw, 0x9000);
  assert_true(read.data == image);
}

void commands_beyond_the_connection_are_refused_by_the_driver(void** state) {
  Fixture& f = fixture(state);
  auto caps = f.terminal->connect(f.rig->reader_name());
  ASSERT_OK(caps);
  auto big = f.terminal->transmit({0x00, 0xD6, 0x00, 0x00, hal::Bytes(caps->max_command_data + 1, 0), std::nullopt});
  assert_int_equal(error_code(big), code(hal::ErrorCode::kInvalidArgument));
  assert_non_null(strstr(big.error().message.c_str(), f.rig->reader_name().c_str()));
  ASSERT_OK(f.terminal->disconnect(hal::Disposition::kReset));
  auto after = f.terminal->transmit(apdu(kSelectEmrtd));
  assert_int_equal(error_code(after), code(hal::ErrorCode::kFailedPrecondition));
  assert_int_equal(error_code(f.terminal->capabilities()), code(hal::ErrorCode::kFailedPrecondition));
  ASSERT_OK(f.terminal->disconnect(hal::Disposition::kLeave));  // twice is fine
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(connect_probes_extended_length),
      cmocka_unit_test(select_update_read_round_trip),
      cmocka_unit_test(get_challenge_gives_fresh_bytes),
      cmocka_unit_test(card_refusals_are_status_words_not_errors),
      cmocka_unit_test(four_kilobytes_in_one_extended_apdu_each_way),
      cmocka_unit_test(commands_beyond_the_connection_are_refused_by_the_driver),
  };
  return cmocka_run_group_tests(tests, setup, stop);
}
