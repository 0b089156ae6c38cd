// Checks that a Result failed with the expected kind and that its message
// names what went wrong. Include before "cmocka.hpp"; the macro expands where
// it is used, after cmocka's fail_msg exists.
#pragma once

#include <string>

#include "hal/result.hpp"

#define EXPECT_ERROR(result, expected_code, fragment)                                                          \
  do {                                                                                                         \
    const auto& expect_error_r_ = (result);                                                                    \
    std::string expect_error_want_(hal::to_string(expected_code));                                             \
    if (expect_error_r_.ok()) fail_msg("expected %s, got success", expect_error_want_.c_str());                \
    std::string expect_error_got_ = expect_error_r_.error().describe();                                        \
    if (expect_error_r_.error().code != (expected_code)) {                                                     \
      fail_msg("expected %s, got: %s", expect_error_want_.c_str(), expect_error_got_.c_str());                 \
    }                                                                                                          \
    if (expect_error_r_.error().message.find(fragment) == std::string::npos) {                                 \
      fail_msg("message does not name '%s': %s", std::string(fragment).c_str(), expect_error_got_.c_str());    \
    }                                                                                                          \
  } while (false)
