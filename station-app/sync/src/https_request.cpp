#include "https_request.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>

namespace station::sync {

namespace {

using hal::ErrorCode;

struct CurlFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  const HttpRequest* request;
  std::size_t offset = 0;
  HttpResponse response;
};

std::size_t read_body(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = std::min(size * count, t->request->body.size() - t->offset);
  std::memcpy(buffer, t->request->body.data() + t->offset, n);
  t->offset += n;
  if (t->request->on_sent && n > 0) t->request->on_sent(n);
  return n;
}

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  t->response.body.insert(t->response.body.end(), data, data + size * count);
  return size * count;
}

std::size_t header_line(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string line(data, size * count);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of(" \t\r\n") + 1);
    t->response.headers[name] = value;
  }
  return size * count;
}

bool mentions(const std::string& text, const char* what) { return text.find(what) != std::string::npos; }

// libcurl's failure as one of ours: TLS refusals are not worth retrying,
// everything on the way (refused connection, reset, timeout) is.
hal::Error classify(CURLcode code, const std::string& detail, const RegistryEndpoint& endpoint) {
  const std::string& url = endpoint.url;
  const std::string words = detail.empty() ? curl_easy_strerror(code) : detail;
  if (!endpoint.crl_file.empty() && code == CURLE_PEER_FAILED_VERIFICATION && mentions(words, "revoked")) {
    return hal::make_error(ErrorCode::kPermissionDenied,
                           "the registry at " + url + " presented a TLS certificate that the revocation list " +
                               endpoint.crl_file + " revokes (" + words + "); nothing was sent");
  }
  if (mentions(words, "alert certificate expired") || mentions(words, "alert unknown ca") ||
      mentions(words, "alert bad certificate") || mentions(words, "alert certificate revoked") ||
      mentions(words, "alert certificate required") || mentions(words, "alert handshake failure")) {
    return hal::make_error(ErrorCode::kPermissionDenied,
                           "the registry at " + url + " refused this station's certificate (" + words +
                               "); ask the technician to renew or re-issue the station's TLS certificate");
  }
  if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE || code == CURLE_SSL_CERTPROBLEM ||
      code == CURLE_SSL_ENGINE_NOTFOUND || code == CURLE_SSL_ENGINE_INITFAILED) {
    return hal::make_error(ErrorCode::kPermissionDenied,
                           "TLS with the registry at " + url + " failed: " + words +
                               " (the server is not the pinned registry, or the station's certificate/key cannot be used)");
  }
  if (code == CURLE_OPERATION_TIMEDOUT)
    return hal::make_error(ErrorCode::kTimeout, "the registry at " + url + " stopped answering (" + words + ")");
  return hal::make_error(ErrorCode::kUnavailable, "cannot reach the registry at " + url + ": " + words);
}

void set_tls(CURL* c, const RegistryEndpoint& e) {
  curl_easy_setopt(c, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_3));
  // Pinned: the registry CA is the only anchor, no system store.
  curl_easy_setopt(c, CURLOPT_CAINFO, e.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_CAPATH, nullptr);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_SSLCERT, e.client_certificate.c_str());
  curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
  if (!e.key_engine.empty()) {
    curl_easy_setopt(c, CURLOPT_SSLENGINE, e.key_engine.c_str());
    curl_easy_setopt(c, CURLOPT_SSLKEYTYPE, "ENG");
  }
  curl_easy_setopt(c, CURLOPT_SSLKEY, e.client_key.c_str());
  // libcurl hands it to the engine's PIN prompt (its UI method), so the
  // PIN is never part of the key's URI.
  if (e.key_pin) curl_easy_setopt(c, CURLOPT_KEYPASSWD, e.key_pin->reveal());
  // With a list, OpenSSL checks every certificate of the registry's chain
  // against it (X509_V_FLAG_CRL_CHECK_ALL).
  if (!e.crl_file.empty()) curl_easy_setopt(c, CURLOPT_CRLFILE, e.crl_file.c_str());
}

}  // namespace

std::string url_segment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    }
  }
  return out;
}

hal::Result<HttpResponse> send_request(const RegistryEndpoint& endpoint, const UploadPolicy& policy,
                                       const HttpRequest& request) {
  global_init();
  std::unique_ptr<CURL, CurlFree> c(curl_easy_init());
  if (!c) return hal::make_error(ErrorCode::kInternal, "curl_easy_init failed");
  Transfer transfer{&request, 0, {}};
  const std::string url = endpoint.url + request.path;
  char error[CURL_ERROR_SIZE] = {0};
  CURL* h = c.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(policy.connect_timeout.count()));
  // A stall: under 1 byte/s for stall_timeout, in either direction.
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(policy.stall_timeout.count()));
  set_tls(h, endpoint);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_line);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
  std::unique_ptr<curl_slist, SlistFree> headers;
  auto add_header = [&](const std::string& line) { headers.reset(curl_slist_append(headers.release(), line.c_str())); };
  for (const auto& [name, value] : request.headers) add_header(name + ": " + value);
  if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PATCH");
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_body);
    curl_easy_setopt(h, CURLOPT_READDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    if (request.max_bytes_per_second > 0)
      curl_easy_setopt(h, CURLOPT_MAX_SEND_SPEED_LARGE, static_cast<curl_off_t>(request.max_bytes_per_second));
    add_header("Content-Type: application/offset+octet-stream");
    add_header("Expect:");  // no 100-continue round trip per chunk
  }
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  const CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) return classify(code, error, endpoint);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  return std::move(transfer.response);
}

}  // namespace station::sync
