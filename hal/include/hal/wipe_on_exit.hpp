// Wipes a PIN typed at the terminal once the scope that uses it ends.
#pragma once

#include <string>

#include "hal/secret_string.hpp"

namespace hal {

// Wipes a string it does not own when the scope ends, on every path out.
class WipeOnExit {
 public:
  explicit WipeOnExit(std::string& text) : text_(text) {}
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;
  ~WipeOnExit() { wipe(text_); }

 private:
  std::string& text_;
};

}  // namespace hal
