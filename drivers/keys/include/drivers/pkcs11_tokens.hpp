// What a PKCS#11 module offers, for `station devices` and for a technician
// choosing the token label to configure. Needs no PIN.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hal/result.hpp"

namespace drivers::keys {

struct TokenInfo {
  unsigned long slot_id = 0;
  std::string slot_description;
  bool token_present = false;
  // The fields below are meaningful only when token_present.
  std::string label;
  std::string manufacturer;
  std::string model;
  std::string serial;
  bool initialized = false;
  bool login_required = false;
  bool user_pin_locked = false;
};

// Every slot of the module at `module_path`, in the module's order, as they
// were when this process loaded the module (just now, unless a key store
// holds it open).
// Errors: kUnavailable (module missing or fails to load or to list its slots),
// kInvalidArgument (empty path).
hal::Result<std::vector<TokenInfo>> list_tokens(std::string_view module_path);

}  // namespace drivers::keys
