// The station's own TLS certificate, judged before any connection. Under
// TLS 1.3 the registry refuses a client certificate only after the client's
// handshake is done, and its alert is often lost to the connection reset that
// follows, so an expired certificate would read as a network fault and be
// retried for nothing. The station knows its certificate's dates itself.
#pragma once

#include <chrono>
#include <string>

#include "hal/result.hpp"

namespace station::sync {

// kPermissionDenied when the PEM certificate in `path` has expired at `now`
// (the message names its end and the station's time, so a clock set far
// ahead shows as such); kNotFound when the file cannot be read, kCorrupt when
// it holds no certificate. A certificate not valid yet is left to the
// registry's clock check: it nearly always means the station's clock is
// behind, which that check names better.
hal::Status check_client_certificate(const std::string& path, std::chrono::system_clock::time_point now);

}  // namespace station::sync
