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

// The station's TLS key as a file ([sync] tls_key) goes through the reader
// of outside files before libcurl opens it by name: a folder, FIFO, device,
// link or oversized file is refused naming the path (a FIFO would hang the
// handshake). A "pkcs11:" URI names a token object, not a file. The bytes
// read are wiped.
hal::Status check_client_key(const std::string& key);

}  // namespace station::sync
