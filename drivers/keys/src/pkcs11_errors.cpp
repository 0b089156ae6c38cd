#include "pkcs11_errors.hpp"

#include <libp11.h>
#include <openssl/err.h>

#include <array>
#include <cstdio>
#include <string_view>


namespace drivers::keys {

namespace {

using hal::ErrorCode;

// The CK_RV values (PKCS#11 v2.40, pkcs11t.h) the station tells apart;
// libp11 does not install pkcs11t.h, so they are spelled out here.
struct CkrMeaning {
  unsigned long value;
  const char* name;
  ErrorCode code;
};

constexpr std::array kMeanings{
    CkrMeaning{0x030, "CKR_DEVICE_ERROR", ErrorCode::kUnavailable},
    CkrMeaning{0x032, "CKR_DEVICE_REMOVED", ErrorCode::kUnavailable},
    CkrMeaning{0x0A0, "CKR_PIN_INCORRECT", ErrorCode::kWrongPin},
    CkrMeaning{0x0A1, "CKR_PIN_INVALID", ErrorCode::kWrongPin},
    CkrMeaning{0x0A2, "CKR_PIN_LEN_RANGE", ErrorCode::kWrongPin},
    CkrMeaning{0x0A3, "CKR_PIN_EXPIRED", ErrorCode::kFailedPrecondition},
    CkrMeaning{0x0A4, "CKR_PIN_LOCKED", ErrorCode::kPinLocked},
    CkrMeaning{0x0B0, "CKR_SESSION_CLOSED", ErrorCode::kUnavailable},
    CkrMeaning{0x0B3, "CKR_SESSION_HANDLE_INVALID", ErrorCode::kUnavailable},
    CkrMeaning{0x0E0, "CKR_TOKEN_NOT_PRESENT", ErrorCode::kUnavailable},
    CkrMeaning{0x0E1, "CKR_TOKEN_NOT_RECOGNIZED", ErrorCode::kUnavailable},
    CkrMeaning{0x102, "CKR_USER_PIN_NOT_INITIALIZED", ErrorCode::kFailedPrecondition},
    CkrMeaning{0x190, "CKR_CRYPTOKI_NOT_INITIALIZED", ErrorCode::kUnavailable},
};

const CkrMeaning* meaning_of(unsigned long ckr) {
  for (const auto& meaning : kMeanings) {
    if (meaning.value == ckr) return &meaning;
  }
  return nullptr;
}

}  // namespace

ErrorCode error_code_for_ckr(unsigned long ckr) {
  const CkrMeaning* meaning = meaning_of(ckr);
  return meaning != nullptr ? meaning->code : ErrorCode::kInternal;
}

std::string ckr_name(unsigned long ckr) {
  if (const CkrMeaning* meaning = meaning_of(ckr)) return meaning->name;
  std::array<char, 32> hex{};
  std::snprintf(hex.data(), hex.size(), "CKR 0x%lX", ckr);
  return hex.data();
}

bool is_libp11_ckr_error(unsigned long error) {
  int ours = ERR_get_CKR_code();
  if (ERR_GET_LIB(error) == ours) return true;
  const char* name = ERR_lib_error_string(error);
  const char* our_name = ERR_lib_error_string(ERR_PACK(ours, 0, 0));
  return name != nullptr && our_name != nullptr && std::string_view(name) == our_name;
}

}  // namespace drivers::keys
