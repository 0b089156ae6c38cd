// cmocka's header needs these C headers first; C++ tests include this instead.
// cmocka defines a function-like macro fail(), which breaks <ios> and friends
// when they come after it: include this header last, after every other one.
// The standard headers tests commonly need are pulled in here, before it.
#pragma once

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <fnmatch.h>

// clang-format off
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <csetjmp>
extern "C" {
#include <cmocka.h>
}
// clang-format on

#include <string>

// Fails the test with the error's own words when a Result is not ok.
#define ASSERT_OK(result)                                                           \
  do {                                                                              \
    const auto& assert_ok_r_ = (result);                                            \
    if (!assert_ok_r_.ok()) fail_msg("%s", assert_ok_r_.error().describe().c_str()); \
  } while (false)

namespace testing_support {

// Fails unless `result` (a hal::Result) is an error of `code` whose message
// contains `words`; says what came instead.
template <typename R, typename Code>
void expect_error(const R& result, Code code, const char* words) {
  if (result.ok()) fail_msg("expected an error containing '%s', but it succeeded", words);
  const auto& e = result.error();
  if (e.code != code || std::strstr(e.message.c_str(), words) == nullptr) {
    fail_msg("expected %s containing '%s', got %s", to_string(code).data(), words, e.describe().c_str());
  }
}

// Whether a cmocka test filter (`*` and `?` wildcards) names any of `tests`:
// a filter that matches nothing makes a program run no test and pass.
template <std::size_t N>
bool matches_any(const CMUnitTest (&tests)[N], const char* pattern) {
  for (const auto& t : tests) {
    if (fnmatch(pattern, t.name, 0) == 0) return true;
  }
  return false;
}

}  // namespace testing_support
