// probe_card() over a scripted card: what it sends, and that it never writes.
#include "fake_card_terminal.hpp"
#include "station/card/probe.hpp"
#include "station/card/status_words.hpp"
#include "cmocka.hpp"

namespace {

hal::ResponseApdu personalized_card(const hal::CommandApdu& c) {
  if (c.ins == 0x84) return {{1, 2, 3, 4, 5, 6, 7, 8}, 0x9000};
  if (c.ins == 0xB0) return {{0x60, 0x16, 0x5F, 0x01}, 0x9000};
  return {{}, 0x9000};
}

hal::ResponseApdu blank_card(const hal::CommandApdu& c) {
  if (c.ins == 0xA4 && c.p1 == 0x02) return {{}, 0x6A82};
  return personalized_card(c);
}

void probe_selects_challenges_and_reads_ef_com(void**) {
  hal::FakeCardTerminal t;
  t.add_reader("R0");
  t.insert_card("R0", {0x3B, 0x80, 0x80, 0x01, 0x01}, personalized_card);
  auto report = station::card::probe_card(t, "", std::chrono::milliseconds(10));
  ASSERT_OK(report);
  assert_string_equal(report->reader.name.c_str(), "R0");
  assert_int_equal(report->exchanges.size(), 4);
  assert_string_equal(hal::to_hex(report->exchanges[0].command).c_str(), "00A4040C07A0000002471001");
  assert_string_equal(hal::to_hex(report->exchanges[1].command).c_str(), "0084000008");
  assert_int_equal(report->exchanges[1].response.data.size(), 8);
  assert_string_equal(hal::to_hex(report->exchanges[2].command).c_str(), "00A4020C02011E");
  assert_string_equal(hal::to_hex(report->exchanges[3].command).c_str(), "00B0000004");
  for (const auto& c : t.sent()) assert_true(c.ins != 0xD6 && c.ins != 0xD7 && c.ins != 0xE0);
}

void blank_card_skips_read_of_missing_ef_com(void**) {
  hal::FakeCardTerminal t;
  t.add_reader("R0");
  t.insert_card("R0", {0x3B, 0x80}, blank_card);
  auto report = station::card::probe_card(t, "R0", std::chrono::milliseconds(10));
  ASSERT_OK(report);
  assert_int_equal(report->exchanges.size(), 3);
  assert_int_equal(report->exchanges[2].response.sw, 0x6A82);
}

void card_pulled_during_probe_is_card_removed(void**) {
  hal::FakeCardTerminal t;
  t.add_reader("R0");
  t.insert_card("R0", {0x3B, 0x80}, personalized_card);
  t.pull_card_at(1);
  auto report = station::card::probe_card(t, "R0", std::chrono::milliseconds(10));
  assert_false(report.ok());
  assert_int_equal(static_cast<int>(report.error().code), static_cast<int>(hal::ErrorCode::kCardRemoved));
}

void no_card_times_out(void**) {
  hal::FakeCardTerminal t;
  t.add_reader("R0");
  auto report = station::card::probe_card(t, "", std::chrono::milliseconds(10));
  assert_int_equal(static_cast<int>(report.error().code), static_cast<int>(hal::ErrorCode::kTimeout));
}

void status_words_read_as_words(void**) {
  assert_string_equal(station::card::describe_status(0x9000).c_str(), "9000 success");
  assert_string_equal(station::card::describe_status(0x6A82).c_str(), "6A82 file or application not found");
  assert_string_equal(station::card::describe_status(0x6110).c_str(), "6110 16 more bytes available");
  assert_string_equal(station::card::describe_status(0x63C2).c_str(), "63C2 verification failed, 2 tries left");
  assert_string_equal(station::card::describe_status(0x6C08).c_str(), "6C08 wrong Le, exact length is 8");
  assert_string_equal(station::card::describe_status(0x1234).c_str(), "1234 unknown status");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(probe_selects_challenges_and_reads_ef_com),
      cmocka_unit_test(blank_card_skips_read_of_missing_ef_com),
      cmocka_unit_test(card_pulled_during_probe_is_card_removed),
      cmocka_unit_test(no_card_times_out),
      cmocka_unit_test(status_words_read_as_words),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
