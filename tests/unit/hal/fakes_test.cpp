// The fakes other unit tests lean on must behave like the interfaces promise.
#include "fake_card_terminal.hpp"
#include "fake_clock.hpp"
#include "fake_finger_sensor.hpp"
#include "fake_key_store.hpp"
#include "fake_rolled_scanner.hpp"
#include "cmocka.hpp"

namespace {

using hal::ErrorCode;

int code(const hal::Error& e) { return static_cast<int>(e.code); }

void card_terminal_needs_a_card_then_answers(void**) {
  hal::FakeCardTerminal t;
  t.add_reader("R0");
  auto none = t.connect("R0");
  assert_int_equal(code(none.error()), code(hal::make_error(ErrorCode::kNoCard, "")));
  t.insert_card("R0", {0x3B, 0x80}, [](const hal::CommandApdu&) { return hal::ResponseApdu{{0x01}, 0x9000}; });
  ASSERT_OK(t.connect("R0"));
  auto r = t.transmit({0x00, 0x84, 0x00, 0x00, {}, 8});
  ASSERT_OK(r);
  assert_int_equal(r->sw, 0x9000);
  t.pull_card_at(1);
  auto pulled = t.transmit({0x00, 0x84, 0x00, 0x00, {}, 8});
  assert_int_equal(code(pulled.error()), code(hal::make_error(ErrorCode::kCardRemoved, "")));
  assert_int_equal(code(t.transmit({0x00, 0x84, 0x00, 0x00, {}, 8}).error()),
                   code(hal::make_error(ErrorCode::kFailedPrecondition, "")));
}

void key_store_signs_per_key_and_reports_token_errors(void**) {
  hal::FakeKeyStore ks;
  ks.add_key({"station", "Station", hal::KeyType::kEcP256, false, "fake"}, {1, 2, 3});
  ks.add_key({"other", "Other", hal::KeyType::kEcP256, false, "fake"}, {4, 5, 6});
  hal::Bytes msg{'h', 'i'};
  auto sig = ks.sign("station", msg, hal::SignatureScheme::kEcdsaSha256);
  ASSERT_OK(sig);
  assert_true(*sig == ks.expected_signature("station", msg));
  assert_false(*sig == ks.expected_signature("other", msg));
  assert_int_equal(code(ks.sign("station", msg, hal::SignatureScheme::kRsaPssSha256).error()),
                   code(hal::make_error(ErrorCode::kUnsupported, "")));
  assert_int_equal(code(ks.certificate("station").error()), code(hal::make_error(ErrorCode::kNotFound, "")));
  ks.fail_with(hal::make_error(ErrorCode::kWrongPin, "PIN refused"));
  assert_int_equal(code(ks.list_keys().error()), code(hal::make_error(ErrorCode::kWrongPin, "")));
}

void key_store_decrypt_inverts_wrap(void**) {
  hal::FakeKeyStore ks;
  ks.add_key({"wrap", "Wrap", hal::KeyType::kRsa, false, "fake"}, {9, 9});
  hal::Bytes plain{1, 2, 3, 4};
  auto back = ks.decrypt("wrap", ks.wrap("wrap", plain));
  ASSERT_OK(back);
  assert_true(*back == plain);
}

void finger_sensor_matches_only_the_same_finger(void**) {
  hal::FakeFingerSensor s;
  s.queue_touch({2, 1, 500, {1, 2}});
  auto tmpl = s.enroll(std::chrono::milliseconds(10));
  ASSERT_OK(tmpl);
  s.queue_touch({2, 1, 500, {1, 2}});
  s.queue_touch({2, 1, 500, {9, 9}});
  assert_true(s.verify(*tmpl, std::chrono::milliseconds(10)).value());
  assert_false(s.verify(*tmpl, std::chrono::milliseconds(10)).value());
  assert_int_equal(code(s.capture(std::chrono::milliseconds(10)).error()), code(hal::make_error(ErrorCode::kTimeout, "")));
}

void rolled_scanner_streams_only_in_a_session(void**) {
  hal::FakeRolledScanner sc({"fake:0", "Fake", "1.0", 4, 2, 500, 30});
  assert_false(sc.start_capture().ok());
  ASSERT_OK(sc.open());
  sc.queue_frame({0, {}, 4, 2, hal::Bytes(8, 0)});
  ASSERT_OK(sc.start_capture());
  ASSERT_OK(sc.next_frame(std::chrono::milliseconds(1)));
  assert_int_equal(code(sc.next_frame(std::chrono::milliseconds(1)).error()), code(hal::make_error(ErrorCode::kTimeout, "")));
}

void clock_moves_only_when_told(void**) {
  hal::FakeClock c;
  auto t0 = c.monotonic();
  c.sleep_for(std::chrono::seconds(5));
  assert_int_equal(std::chrono::duration_cast<std::chrono::seconds>(c.monotonic() - t0).count(), 5);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(card_terminal_needs_a_card_then_answers),
      cmocka_unit_test(key_store_signs_per_key_and_reports_token_errors),
      cmocka_unit_test(key_store_decrypt_inverts_wrap),
      cmocka_unit_test(finger_sensor_matches_only_the_same_finger),
      cmocka_unit_test(rolled_scanner_streams_only_in_a_session),
      cmocka_unit_test(clock_moves_only_when_told),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
