// PIN handling on a real SoftHSM2 token of its own (made fresh by make-token,
// so refusals here never touch another test's token). Every store is closed
// before the next test: PKCS#11 login lasts as long as the module stays
// loaded in the process, and a logged-in token would accept any PIN.
#include "drivers/key_store_factory.hpp"
#include "expect_error.hpp"
#include "token_fixture.hpp"
#include "cmocka.hpp"

namespace {

using hal::ErrorCode;

std::unique_ptr<hal::KeyStore> open_with_pin(std::string pin) {
  drivers::keys::Pkcs11Options options;
  options.token_label = keys_test::kTokenLabel;
  options.pin = std::move(pin);
  auto store = drivers::keys::open_pkcs11_token(options);
  ASSERT_OK(store);
  return std::move(*store);
}

int set_up(void** state) {
  auto token = std::make_unique<keys_test::Token>();
  if (!token->make()) return -1;
  *state = token.release();
  return 0;
}

int tear_down(void** state) {
  delete static_cast<keys_test::Token*>(*state);
  return 0;
}

void a_wrong_pin_is_refused_and_not_tried_again(void**) {
  auto store = open_with_pin("000000");
  auto first = store->list_keys();
  EXPECT_ERROR(first, ErrorCode::kWrongPin, "token 'station' refused the PIN");
  assert_null(std::strstr(first.error().message.c_str(), "000000"));
  // A second call must not spend another of the token's tries.
  EXPECT_ERROR(store->sign("station-ec", hal::Bytes{'m'}, hal::SignatureScheme::kEcdsaSha256), ErrorCode::kWrongPin,
               "not tried again");
}

void the_right_pin_still_works_after_a_refusal(void**) {
  auto refused = open_with_pin("999999");
  EXPECT_ERROR(refused->list_keys(), ErrorCode::kWrongPin, "refused the PIN");
  refused.reset();
  auto store = open_with_pin(keys_test::kUserPin);
  auto keys = store->list_keys();
  ASSERT_OK(keys);
  assert_int_equal(keys->size(), 2);
}

void no_pin_for_a_token_that_needs_one_is_a_pin_error(void**) {
  auto store = open_with_pin("");
  EXPECT_ERROR(store->public_key("station-ec"), ErrorCode::kWrongPin, "needs a PIN and none is configured");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_wrong_pin_is_refused_and_not_tried_again),
      cmocka_unit_test(the_right_pin_still_works_after_a_refusal),
      cmocka_unit_test(no_pin_for_a_token_that_needs_one_is_a_pin_error),
  };
  return cmocka_run_group_tests(tests, set_up, tear_down);
}
