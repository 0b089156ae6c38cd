// One HTTPS request through libcurl with the station's TLS settings: TLS 1.3
// only, the registry CA pinned, the station's client certificate. Private to
// station_sync.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

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

// `text` as one path segment (RFC 3986 3.3): every byte but the unreserved
// ones (letters, digits, "-._~") percent-encoded, so no '/', '?' or '%' from
// an id ever changes which resource is asked for.
std::string url_segment(std::string_view text);

// kUnavailable (cannot connect, connection dropped: transient),
// kTimeout (stalled), kPermissionDenied (TLS refused by either side).
// An HTTP error status is a response, not an error.
hal::Result<HttpResponse> send_request(const RegistryEndpoint& endpoint, const UploadPolicy& policy,
                                       const HttpRequest& request);

}  // namespace station::sync
