// A PIN held in memory: wiped when dropped, and with no way to print it.
#pragma once

#include "hal/secret_string.hpp"

namespace drivers::keys {

using SecretString = hal::SecretString;

}  // namespace drivers::keys
