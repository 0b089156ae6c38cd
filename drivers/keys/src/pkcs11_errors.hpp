// PKCS#11 return values (CK_RV) as the station's error kinds.
#pragma once

#include <string>

#include "hal/result.hpp"

namespace drivers::keys {

// The kind of error a CK_RV means for the station: a refused PIN, a blocked
// one, a token that went away, or (anything else) kInternal.
hal::ErrorCode error_code_for_ckr(unsigned long ckr);

// "CKR_PIN_INCORRECT", or "CKR 0x…" for values the station does not name.
std::string ckr_name(unsigned long ckr);

// Whether a queued OpenSSL error is a CK_RV from libp11: from our copy, or
// from the pkcs11 engine's own statically linked copy, which registered its
// errors under another library number but the same library name.
bool is_libp11_ckr_error(unsigned long error);

}  // namespace drivers::keys
