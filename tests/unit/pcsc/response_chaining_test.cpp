// The 61xx/6Cxx loop against a scripted card: each case lists what the card
// answers and checks, byte for byte, what the terminal sent (ISO/IEC 7816-4
// sections 5.3.4 and 7.6.1).
#include <deque>

#include "response_chaining.hpp"
#include "cmocka.hpp"

namespace {

using drivers::pcsc::exchange_with_chaining;
using drivers::pcsc::get_response_class;

hal::Bytes hex(const char* text) { return hal::from_hex(text).value(); }

// Plays back answers in order and records every command it was given.
struct ScriptedCard {
  std::deque<hal::Result<hal::Bytes>> answers;
  std::vector<std::string> sent;

  drivers::pcsc::RawExchange exchange() {
    return [this](const hal::Bytes& command) -> hal::Result<hal::Bytes> {
      sent.push_back(hal::to_hex(command));
      if (answers.empty()) return hal::make_error(hal::ErrorCode::kInternal, "script ran out");
      auto next = answers.front();
      answers.pop_front();
      return next;
    };
  }
};

int code(const hal::Error& e) { return static_cast<int>(e.code); }
int code(hal::ErrorCode c) { return static_cast<int>(c); }

const hal::CommandApdu kReadBinary{0x00, 0xB0, 0x00, 0x00, {}, 256};

void final_status_word_passes_through_in_one_exchange(void**) {
  ScriptedCard card{{hex("0102 9000")}, {}};
  auto r = exchange_with_chaining(kReadBinary, card.exchange());
  ASSERT_OK(r);
  assert_int_equal(r->sw, 0x9000);
  assert_string_equal(hal::to_hex(r->data).c_str(), "0102");
  assert_int_equal(card.sent.size(), 1);
  assert_string_equal(card.sent[0].c_str(), "00B0000000");
}

void error_status_words_are_values_not_errors(void**) {
  ScriptedCard card{{hex("6A82")}, {}};
  auto r = exchange_with_chaining(kReadBinary, card.exchange());
  ASSERT_OK(r);
  assert_int_equal(r->sw, 0x6A82);
  assert_int_equal(r->data.size(), 0);
}

void more_data_is_fetched_with_get_response_and_joined(void**) {
  hal::CommandApdu select{0x00, 0xA4, 0x02, 0x00, hex("0101"), 256};
  ScriptedCard card{{hex("6110"), hex("AABB 6102"), hex("CCDD 9000")}, {}};
  auto r = exchange_with_chaining(select, card.exchange());
  ASSERT_OK(r);
  assert_int_equal(card.sent.size(), 3);
  assert_string_equal(card.sent[0].c_str(), "00A4020002010100");
  assert_string_equal(card.sent[1].c_str(), "00C0000010");
  assert_string_equal(card.sent[2].c_str(), "00C0000002");
  assert_string_equal(hal::to_hex(r->data).c_str(), "AABBCCDD");
  assert_int_equal(r->sw, 0x9000);
}

void sixty_one_zero_zero_asks_for_256_bytes(void**) {
  ScriptedCard card{{hex("6100"), hex("01 9000")}, {}};
  ASSERT_OK(exchange_with_chaining(kReadBinary, card.exchange()));
  assert_string_equal(card.sent[1].c_str(), "00C0000000");
}

void wrong_le_reissues_the_same_command_with_the_right_le(void**) {
  ScriptedCard card{{hex("6C80"), hex("00 9000")}, {}};
  auto r = exchange_with_chaining(kReadBinary, card.exchange());
  ASSERT_OK(r);
  assert_string_equal(card.sent[0].c_str(), "00B0000000");
  assert_string_equal(card.sent[1].c_str(), "00B0000080");
  assert_int_equal(r->sw, 0x9000);
}

void wrong_le_on_get_response_reissues_get_response(void**) {
  hal::CommandApdu cmd{0x00, 0xCA, 0x01, 0x02, hex("01"), 256};
  ScriptedCard card{{hex("6104"), hex("6C02"), hex("EEFF 9000")}, {}};
  auto r = exchange_with_chaining(cmd, card.exchange());
  ASSERT_OK(r);
  assert_string_equal(card.sent[1].c_str(), "00C0000004");
  assert_string_equal(card.sent[2].c_str(), "00C0000002");
  assert_string_equal(hal::to_hex(r->data).c_str(), "EEFF");
}

void get_response_keeps_the_logical_channel_only(void**) {
  assert_int_equal(get_response_class(0x00), 0x00);
  assert_int_equal(get_response_class(0x03), 0x03);  // channel 3
  assert_int_equal(get_response_class(0x0C), 0x00);  // secure messaging dropped
  assert_int_equal(get_response_class(0x1D), 0x01);  // chaining and SM dropped
  assert_int_equal(get_response_class(0x45), 0x45);  // further interindustry, channel 9
  assert_int_equal(get_response_class(0x65), 0x45);  // SM bit b6 dropped
  assert_int_equal(get_response_class(0x80), 0x00);  // proprietary
  ScriptedCard card{{hex("6101"), hex("01 9000")}, {}};
  ASSERT_OK(exchange_with_chaining({0x0D, 0xB0, 0, 0, {}, 256}, card.exchange()));
  assert_string_equal(card.sent[1].c_str(), "01C0000001");
}

void six_c_naming_the_le_just_sent_is_a_protocol_error(void**) {
  ScriptedCard card{{hex("6C80"), hex("6C80")}, {}};
  auto r = exchange_with_chaining(kReadBinary, card.exchange());
  assert_false(r.ok());
  assert_int_equal(code(r.error()), code(hal::ErrorCode::kProtocol));
  assert_non_null(strstr(r.error().message.c_str(), "6C80"));
}

void endless_more_data_is_a_protocol_error(void**) {
  ScriptedCard card;
  for (int i = 0; i < 400; ++i) card.answers.push_back(hex("6101"));
  auto r = exchange_with_chaining(kReadBinary, card.exchange());
  assert_false(r.ok());
  assert_int_equal(code(r.error()), code(hal::ErrorCode::kProtocol));
}

void transport_errors_pass_through_unchanged(void**) {
  ScriptedCard card{{hex("6110"), hal::make_error(hal::ErrorCode::kCardRemoved, "pulled")}, {}};
  auto r = exchange_with_chaining(kReadBinary, card.exchange());
  assert_false(r.ok());
  assert_int_equal(code(r.error()), code(hal::ErrorCode::kCardRemoved));
  assert_string_equal(r.error().message.c_str(), "pulled");
}

void an_answer_without_status_word_is_card_removed(void**) {
  ScriptedCard card{{hex("90")}, {}};
  auto r = exchange_with_chaining(kReadBinary, card.exchange());
  assert_false(r.ok());
  assert_int_equal(code(r.error()), code(hal::ErrorCode::kCardRemoved));
}

void extended_commands_are_sent_extended(void**) {
  ScriptedCard card{{hex("9000")}, {}};
  ASSERT_OK(exchange_with_chaining({0x00, 0xB0, 0x00, 0x00, {}, 4096}, card.exchange()));
  assert_string_equal(card.sent[0].c_str(), "00B00000001000");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(final_status_word_passes_through_in_one_exchange),
      cmocka_unit_test(error_status_words_are_values_not_errors),
      cmocka_unit_test(more_data_is_fetched_with_get_response_and_joined),
      cmocka_unit_test(sixty_one_zero_zero_asks_for_256_bytes),
      cmocka_unit_test(wrong_le_reissues_the_same_command_with_the_right_le),
      cmocka_unit_test(wrong_le_on_get_response_reissues_get_response),
      cmocka_unit_test(get_response_keeps_the_logical_channel_only),
      cmocka_unit_test(six_c_naming_the_le_just_sent_is_a_protocol_error),
      cmocka_unit_test(endless_more_data_is_a_protocol_error),
      cmocka_unit_test(transport_errors_pass_through_unchanged),
      cmocka_unit_test(an_answer_without_status_word_is_card_removed),
      cmocka_unit_test(extended_commands_are_sent_extended),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
