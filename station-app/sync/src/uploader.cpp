#include "station/sync/uploader.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <random>

#include "https_request.hpp"
#include "station/ids.hpp"
#include "station/sync/manifest.hpp"
#include "tls_identity.hpp"

namespace station::sync {

namespace {

using hal::ErrorCode;

std::optional<std::uint64_t> header_number(const HttpResponse& r, const char* name) {
  auto it = r.headers.find(name);
  if (it == r.headers.end()) return std::nullopt;
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), n);
  if (ec != std::errc() || end != it->second.data() + it->second.size()) return std::nullopt;
  return n;
}

std::string body_text(const HttpResponse& r) {
  std::string text(r.body.begin(), r.body.end());
  return text.size() > 300 ? text.substr(0, 300) + "..." : text;
}

bool transient_status(long status) { return status >= 500 || status == 408 || status == 429; }

// What a retry can cure: the link, not trust or a wrong clock.
bool transient_error(const hal::Error& e) {
  return e.code == ErrorCode::kUnavailable || e.code == ErrorCode::kTimeout || e.code == ErrorCode::kIo;
}

std::string minutes_text(std::chrono::seconds s) {
  const auto m = std::chrono::round<std::chrono::minutes>(s).count();
  return m >= 120 ? std::to_string(m / 60) + " h " + std::to_string(m % 60) + " min" : std::to_string(m) + " min";
}


}  // namespace

class Uploader::Impl {
 public:
  Impl(RegistryEndpoint endpoint, UploadPolicy policy, hal::Clock& clock, std::uint64_t seed)
      : endpoint_(std::move(endpoint)), policy_(policy), clock_(clock), random_(seed) {}

  hal::Result<hal::Bytes> upload(const std::string& id, hal::ByteView file, hal::ByteView hash,
                                 const UploadProgress& progress, UploadReport& report);
  hal::Result<HttpResponse> request(HttpRequest r, UploadReport& report) {
    ++report.requests;
    auto response = send_request(endpoint_, policy_, r);
    if (response) HAL_TRY(check_clock(*response));
    return response;
  }

 private:
  // A transient failure: waits (exponential, full jitter) unless the budget
  // of attempts is spent, then returns the failure.
  hal::Status back_off(const hal::Error& why, UploadReport& report);
  hal::Status check_clock(const HttpResponse& r) const;
  hal::Result<std::uint64_t> registry_offset(const std::string& id, hal::ByteView hash, std::uint64_t size,
                                             UploadReport& report, bool* complete);

  RegistryEndpoint endpoint_;
  UploadPolicy policy_;
  hal::Clock& clock_;
  std::mt19937_64 random_;
};

hal::Status Uploader::Impl::back_off(const hal::Error& why, UploadReport& report) {
  report.last_error = why.message;
  if (++report.failures >= policy_.max_attempts) {
    return hal::make_error(why.code, why.message + " (gave up after " + std::to_string(report.failures) + " tries)");
  }
  const int exponent = std::min(report.failures - 1, 20);
  const std::chrono::milliseconds grown = policy_.first_backoff * (std::int64_t{1} << exponent);
  const auto ceiling = std::min(policy_.max_backoff, grown);
  std::uniform_int_distribution<std::int64_t> jitter(ceiling.count() / 2, ceiling.count());
  const std::chrono::milliseconds wait(jitter(random_));
  report.waited += wait;
  clock_.sleep_for(wait);
  return {};
}

// A station clock far from the registry's would date batch signatures
// wrongly and judge receipts and certificates at the wrong time, so the
// registry's Date header (RFC 9110) stops the upload until the clock is set.
hal::Status Uploader::Impl::check_clock(const HttpResponse& r) const {
  auto it = r.headers.find("date");
  if (it == r.headers.end() || policy_.max_clock_skew.count() == 0) return {};
  const time_t registry_time = curl_getdate(it->second.c_str(), nullptr);
  if (registry_time < 0) return {};
  const auto registry = std::chrono::system_clock::from_time_t(registry_time);
  const auto skew = std::chrono::duration_cast<std::chrono::seconds>(clock_.now() - registry);
  if (std::chrono::abs(skew) <= policy_.max_clock_skew) return {};
  return hal::make_error(ErrorCode::kFailedPrecondition,
                         std::string(kClockSkewPrefix) + " " + minutes_text(std::chrono::abs(skew)) +
                             (skew.count() > 0 ? " ahead of" : " behind") + " the registry's (registry time " +
                             utc_text(registry) + ", station time " + utc_text(clock_.now()) + ")");
}

// HEAD: how much of the batch the registry holds; `complete` when it holds
// all of it and has a receipt.
hal::Result<std::uint64_t> Uploader::Impl::registry_offset(const std::string& id, hal::ByteView hash,
                                                           std::uint64_t size, UploadReport& report, bool* complete) {
  for (;;) {
    auto r = request({"HEAD", "/v1/batches/" + url_segment(id), {{"Batch-Hash", hal::to_hex(hash)}}, {}, 0, {}}, report);
    if (!r) {
      if (!transient_error(r.error())) return r.error();
      HAL_TRY(back_off(r.error(), report));
      continue;
    }
    if (r->status == 404) return std::uint64_t{0};
    if (r->status == 409)
      return hal::make_error(ErrorCode::kAlreadyExists, "the registry holds another batch under id " + id);
    if (transient_status(r->status)) {
      HAL_TRY(back_off(hal::make_error(ErrorCode::kUnavailable, "the registry answered " + std::to_string(r->status)),
                       report));
      continue;
    }
    if (r->status != 200) {
      return hal::make_error(ErrorCode::kProtocol,
                             "the registry answered " + std::to_string(r->status) + " to HEAD for batch " + id);
    }
    auto offset = header_number(*r, "upload-offset");
    if (!offset || *offset > size)
      return hal::make_error(ErrorCode::kProtocol, "the registry's Upload-Offset for batch " + id + " is missing or too large");
    *complete = r->headers.count("upload-complete") > 0;
    return *offset;
  }
}

hal::Result<hal::Bytes> Uploader::Impl::upload(const std::string& id, hal::ByteView file, hal::ByteView hash,
                                               const UploadProgress& progress, UploadReport& report) {
  HAL_TRY(check_batch_id(id, "the batch to upload"));
  HAL_TRY(check_client_certificate(endpoint_.client_certificate, clock_.now()));
  bool complete = false;
  auto first = registry_offset(id, hash, file.size(), report, &complete);
  if (!first) return first.error();
  report.start_offset = *first;
  std::uint64_t offset = *first;
  const std::string hash_hex = hal::to_hex(hash);
  for (;;) {
    const std::uint64_t chunk = complete ? 0 : std::min<std::uint64_t>(policy_.chunk_bytes, file.size() - offset);
    HttpRequest patch{"PATCH",
                      "/v1/batches/" + url_segment(id),
                      {{"Upload-Offset", std::to_string(offset)},
                       {"Upload-Length", std::to_string(file.size())},
                       {"Batch-Hash", hash_hex}},
                      file.subspan(offset, chunk),
                      policy_.max_bytes_per_second,
                      [&](std::size_t n) { report.bytes_sent += n; }};
    auto r = request(std::move(patch), report);
    if (r && r->status == 200) {
      report.bytes_resent = report.bytes_sent - (file.size() - report.start_offset);
      if (progress) progress(file.size(), file.size());
      return std::move(r->body);
    }
    if (r && (r->status == 204 || r->status == 409)) {
      // 204: the chunk is kept; 409: we were wrong about the offset (a
      // restart or drop lost bytes), the registry says where to go on.
      auto next = header_number(*r, "upload-offset");
      if (r->status == 409 && r->headers.count("batch-conflict"))
        return hal::make_error(ErrorCode::kAlreadyExists, "the registry holds another batch under id " + id);
      if (!next || *next > file.size())
        return hal::make_error(ErrorCode::kProtocol, "the registry's Upload-Offset for batch " + id + " is unusable");
      offset = *next;
      complete = false;
      if (progress) progress(offset, file.size());
      continue;
    }
    if (r && !transient_status(r->status)) {
      return hal::make_error(r->status == 403 ? ErrorCode::kPermissionDenied : ErrorCode::kFailedPrecondition,
                             "the registry refused batch " + id + " (HTTP " + std::to_string(r->status) +
                                 "): " + body_text(*r));
    }
    hal::Error why = r ? hal::make_error(ErrorCode::kUnavailable, "the registry answered HTTP " +
                                                                      std::to_string(r->status) + " for batch " + id)
                       : r.error();
    if (!transient_error(why)) return why;
    HAL_TRY(back_off(why, report));
    auto now = registry_offset(id, hash, file.size(), report, &complete);
    if (!now) return now.error();
    offset = *now;
  }
}

hal::Result<std::unique_ptr<Uploader>> Uploader::create(RegistryEndpoint endpoint, UploadPolicy policy,
                                                         hal::Clock& clock, std::uint64_t seed) {
  if (endpoint.url.rfind("https://", 0) != 0)
    return hal::make_error(ErrorCode::kInvalidArgument, "the registry URL must start with https:// ('" + endpoint.url + "')");
  if (endpoint.ca_file.empty() || endpoint.client_certificate.empty() || endpoint.client_key.empty())
    return hal::make_error(ErrorCode::kInvalidArgument,
                           "the registry CA, the station's TLS certificate and its key must all be configured ([sync])");
  // A PIN in the URI would travel in every copy of it, in messages and in
  // the process's memory for good.
  if (endpoint.client_key.find("pin-value") != std::string::npos || endpoint.client_key.find("pin-source") != std::string::npos)
    return hal::make_error(ErrorCode::kInvalidArgument,
                           "the station's TLS key URI carries a PIN (pin-value/pin-source); remove it: the token PIN "
                           "comes from [keys] pin_env and is handed to the token directly");
  HAL_TRY(check_client_key(endpoint.client_key));
  if (policy.chunk_bytes == 0) policy.chunk_bytes = 1;
  if (policy.max_attempts < 1) policy.max_attempts = 1;
  return std::unique_ptr<Uploader>(new Uploader(std::make_unique<Impl>(std::move(endpoint), policy, clock, seed)));
}

Uploader::Uploader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Uploader::~Uploader() = default;

hal::Result<hal::Bytes> Uploader::upload(const std::string& batch_id, hal::ByteView file, hal::ByteView hash,
                                         const UploadProgress& progress, UploadReport* report) {
  UploadReport local;
  return impl_->upload(batch_id, file, hash, progress, report ? *report : local);
}

hal::Result<std::string> Uploader::get_text(const std::string& path) {
  UploadReport ignored;
  auto r = impl_->request({"GET", path, {}, {}, 0, {}}, ignored);
  if (!r) return r.error();
  if (r->status != 200)
    return hal::make_error(ErrorCode::kUnavailable, "the registry answered HTTP " + std::to_string(r->status) + " for " + path);
  return std::string(r->body.begin(), r->body.end());
}

}  // namespace station::sync
