// OpenSSL reports failures on a per-thread queue; these turn it into an
// error value and leave the queue empty for the next caller. libp11 (ours,
// and the copy inside the pkcs11 engine) queues a failing PKCS#11 call's
// CK_RV there too, which tells a refused PIN or a vanished token apart from
// a defect.
#pragma once

#include <optional>
#include <string>

#include "hal/result.hpp"

namespace drivers::keys {

struct QueuedErrors {
  std::string reasons;              // oldest first, joined by "; "
  std::optional<unsigned long> ckr;  // the last CK_RV libp11 queued
};

// Empties the queue.
QueuedErrors take_openssl_errors();

// `what` followed by OpenSSL's reasons. Its kind is `code`, unless libp11
// queued a CK_RV meaning a PIN or token problem: that kind wins.
hal::Error openssl_error(hal::ErrorCode code, std::string what);

}  // namespace drivers::keys
