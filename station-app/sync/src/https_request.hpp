// One HTTPS request through libcurl with the station's TLS settings: TLS 1.3
// only, the registry CA pinned, the station's client certificate. Private to
// station_sync.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/sync/uploader.hpp"

namespace station::sync {

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  hal::Bytes body;
};

struct HttpRequest {
  std::string method = "GET";  // GET, HEAD, PATCH
  std::string path;
  std::map<std::string, std::string> headers;
  hal::ByteView body;  // sent for PATCH
  std::int64_t max_bytes_per_second = 0;
  std::function<void(std::size_t)> on_sent;  // body bytes handed to the connection
};

// kUnavailable (cannot connect, connection dropped: transient),
// kTimeout (stalled), kPermissionDenied (TLS refused by either side).
// An HTTP error status is a response, not an error.
hal::Result<HttpResponse> send_request(const RegistryEndpoint& endpoint, const UploadPolicy& policy,
                                       const HttpRequest& request);

}  // namespace station::sync
