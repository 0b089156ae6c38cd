// A finished session written as an ANSI/NIST transaction, read back with the
// transaction reader and the WSQ decoder.
#include "station/biometrics/synthetic_finger.hpp"
#include "station/biometrics/ten_print_record.hpp"
#include "station/biometrics/wsq.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::biometrics;

GreyImage small_print(int position) {
  SyntheticFingerOptions o;
  o.width = 192;
  o.height = 208;
  o.finger_width = 150;
  o.growth_iterations = 4;
  return make_synthetic_finger(finger_seed(9, position), o).value().impression();
}

// Fingers 1-10: 4 amputated, 7 unable to print, 2 kept by a supervisor below the bar, the rest good.
TenPrintSession finished_session() {
  auto s = TenPrintSession::start({2, 40, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}).value();
  ASSERT_OK(s.declare_missing(4, MissingReason::kAmputated, "sup-1"));
  while (auto position = s.current()) {
    if (*position == 2) {
      ASSERT_OK(s.record({std::nullopt, "rolled", small_print(2), 30}));
      ASSERT_OK(s.record({RollRejection::kSlipped, "slid", {}, 0}));
      ASSERT_OK(s.accept_best("sup-2"));
    } else if (*position == 7) {
      ASSERT_OK(s.record({RollRejection::kPartial, "partial", {}, 0}));
      ASSERT_OK(s.record({RollRejection::kPartial, "partial", {}, 0}));
      ASSERT_OK(s.declare_missing(7, MissingReason::kUnableToPrint, "sup-3"));
    } else {
      ASSERT_OK(s.record({std::nullopt, "rolled", small_print(*position), 70 + *position}));
    }
  }
  return s;
}

TenPrintRecordOptions options() {
  TenPrintRecordOptions o;
  o.header.type_of_transaction = "ENROL";
  o.header.date = "20250101";
  o.header.originating_agency = "STATION";
  o.header.destination_agency = "REGISTRY";
  o.header.control_number = "T-1";
  o.source_agency = "STATION";
  o.capture_date = "20250101";
  return o;
}

void the_transaction_holds_every_outcome(void**) {
  auto session = finished_session();
  auto bytes = encode_ten_print(session, options());
  ASSERT_OK(bytes);
  auto parsed = an2::parse(*bytes);
  ASSERT_OK(parsed);
  const auto& records = parsed->records;
  assert_int_equal(records.size(), 1 + 1 + 8);  // Type-1, Type-2, eight captured fingers
  const auto& type2 = std::get<an2::TaggedRecord>(records[1].body);
  assert_int_equal(records[1].type, 2);
  assert_string_equal(type2.text(84).c_str(), "4\x1FXX\x1E" "7\x1FUP");
  assert_string_equal(type2.text(85).c_str(), "2\x1FKEPT\x1Fsup-2\x1E" "4\x1FXX\x1Fsup-1\x1E" "7\x1FUP\x1Fsup-3");
  std::vector<int> positions;
  for (std::size_t i = 2; i < records.size(); ++i) {
    assert_int_equal(records[i].type, 14);
    const auto& finger = std::get<an2::TaggedRecord>(records[i].body);
    int position = std::stoi(finger.text(13));
    positions.push_back(position);
    assert_string_equal(finger.text(3).c_str(), "1");  // live-scan rolled
    assert_string_equal(finger.text(11).c_str(), "WSQ20");
    const std::string image = finger.text(999);
    auto decoded = wsq::decode(hal::ByteView(reinterpret_cast<const std::uint8_t*>(image.data()), image.size()));
    ASSERT_OK(decoded);
    assert_int_equal(decoded->image.width(), 192);
    assert_int_equal(decoded->image.height(), 208);
    std::string comment = finger.text(20);
    if (position == 2) {
      assert_non_null(std::strstr(comment.c_str(), "quality 30"));
      assert_non_null(std::strstr(comment.c_str(), "supervisor sup-2"));
    } else {
      assert_non_null(std::strstr(comment.c_str(), ("quality " + std::to_string(70 + position)).c_str()));
    }
  }
  assert_true((positions == std::vector<int>{1, 2, 3, 5, 6, 8, 9, 10}));
}

void an_unfinished_session_is_not_written(void**) {
  auto s = TenPrintSession::start({}).value();
  auto bytes = encode_ten_print(s, options());
  assert_false(bytes.ok());
  assert_int_equal(static_cast<int>(bytes.error().code), static_cast<int>(hal::ErrorCode::kFailedPrecondition));
  assert_non_null(std::strstr(bytes.error().message.c_str(), "finger 1"));
}

}  // namespace

int main() {
  const CMUnitTest tests[] = {
      cmocka_unit_test(the_transaction_holds_every_outcome),
      cmocka_unit_test(an_unfinished_session_is_not_written),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
