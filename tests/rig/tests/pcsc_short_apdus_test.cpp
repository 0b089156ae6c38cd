// A card that refuses extended length (card-sim --no-extended): the driver's
// probe falls back to short APDUs, and the caller's large reads go in chunks.
#include "rig_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace rig_test;

int setup(void** state) {
  rig::RigOptions options;
  options.card_args = {"--no-extended"};
  return start(state, options, quick_options(0));
}

void the_probe_falls_back_to_short_apdus(void** state) {
  Fixture& f = fixture(state);
  auto caps = f.terminal->connect(f.rig->reader_name());
  ASSERT_OK(caps);
  assert_false(caps->extended_length);
  assert_int_equal(caps->max_command_data, 255);
  assert_int_equal(caps->max_response_data, 256);
}

void an_extended_command_is_refused_before_it_leaves(void** state) {
  Fixture& f = fixture(state);
  ASSERT_OK(f.terminal->connect(f.rig->reader_name()));
  auto r = f.terminal->transmit({0x00, 0xB0, 0x00, 0x00, {}, 4096});
  assert_int_equal(error_code(r), code(hal::ErrorCode::kInvalidArgument));
  assert_non_null(strstr(r.error().message.c_str(), "4096"));
}

void four_kilobytes_go_in_short_chunks(void** state) {
  Fixture& f = fixture(state);
  ASSERT_OK(f.terminal->connect(f.rig->reader_name()));
  ASSERT_OK(f.terminal->transmit(apdu(kSelectEmrtd)));
  ASSERT_OK(f.terminal->transmit(apdu("00 A4 02 0C 02 01 02")));
  hal::Bytes image(4096);
  for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<std::uint8_t>(i ^ (i >> 8));
  for (std::size_t at = 0; at < image.size(); at += 223) {
    const std::size_t n = std::min<std::size_t>(223, image.size() - at);
    hal::Bytes part(image.begin() + static_cast<std::ptrdiff_t>(at),
                    image.begin() + static_cast<std::ptrdiff_t>(at + n));
    auto w = f.terminal->transmit(
        {0x00, 0xD6, static_cast<std::uint8_t>(at >> 8), static_cast<std::uint8_t>(at), part, std::nullopt});
    ASSERT_OK(w);
    assert_int_equal(w->sw, 0x9000);
  }
  hal::Bytes back;
  for (std::size_t at = 0; at < image.size(); at += 256) {
    auto r =
        f.terminal->transmit({0x00, 0xB0, static_cast<std::uint8_t>(at >> 8), static_cast<std::uint8_t>(at), {}, 256});
    ASSERT_OK(r);
    assert_int_equal(r->sw, 0x9000);
    back.insert(back.end(), r->data.begin(), r->data.end());
  }
  assert_true(back == image);
}

void a_configured_extended_limit_meets_the_cards_refusal(void** state) {
  Fixture& f = fixture(state);
  f.terminal = std::make_unique<drivers::PcscCardTerminal>(quick_options(4096));
  auto caps = f.terminal->connect(f.rig->reader_name());
  ASSERT_OK(caps);
  assert_true(caps->extended_length);  // as configured: no probe
  ASSERT_OK(f.terminal->transmit(apdu(kSelectEmrtd)));
  ASSERT_OK(f.terminal->transmit(apdu(kSelectDg1)));
  auto r = f.terminal->transmit({0x00, 0xB0, 0x00, 0x00, {}, 4096});
  ASSERT_OK(r);
  assert_int_equal(r->sw, 0x6700);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(the_probe_falls_back_to_short_apdus),
      cmocka_unit_test(an_extended_command_is_refused_before_it_leaves),
      cmocka_unit_test(four_kilobytes_go_in_short_chunks),
      cmocka_unit_test(a_configured_extended_limit_meets_the_cards_refusal),
  };
  return cmocka_run_group_tests(tests, setup, stop);
}
