// Sync figures, printed next to independent yardsticks from the same run:
//  - batch build + sign + encrypt (ANSI/NIST records already made), MB/s,
//    next to `openssl speed` for AES-256-GCM and SHA-256;
//  - upload of one batch to registry-sim on loopback, MB/s, next to plain
//    `curl` sending the same file to the same server in one request (both
//    include the registry's intake of the batch);
//  - bytes sent again after a dropped connection, per chunk size.
//   bench_sync [MEGABYTES]   (default 32: the batch size)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "station/sync/batch.hpp"
#include "subprocess.hpp"
#include "sync_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace sync_test;
namespace sync = station::sync;
using Seconds = std::chrono::duration<double>;

int megabytes = 32;
constexpr std::size_t kRecordBytes = 2u << 20;  // a ten-print transaction of ~2 MB

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double mb(double bytes) { return bytes / 1e6; }

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

std::vector<sync::BatchDossier> records(int count) {
  std::vector<sync::BatchDossier> out;
  std::uint64_t x = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < count; ++i) {
    hal::Bytes record(kRecordBytes);
    for (auto& b : record) b = static_cast<std::uint8_t>((x = x * 6364136223846793005ull + 1442695040888963407ull) >> 56);
    out.push_back({"bench-" + std::to_string(i), std::move(record)});
  }
  return out;
}

// `openssl speed` prints kB/s (1000 bytes) per block size; one block size here.
void print_openssl_speed(const std::vector<std::string>& algorithm) {
  std::vector<std::string> argv{"/usr/bin/openssl", "speed", "-seconds", "2", "-bytes", "1048576"};
  argv.insert(argv.end(), algorithm.begin(), algorithm.end());
  auto r = testing_support::run(argv, {}, std::chrono::seconds(60));
  const auto from = r.out.rfind('\n', r.out.size() >= 2 ? r.out.size() - 2 : 0);
  const std::string last = r.out.substr(from == std::string::npos ? 0 : from + 1);
  const auto value = last.find_last_of(' ');
  const double kb = value == std::string::npos ? 0 : std::atof(last.c_str() + value + 1);
  std::printf("  openssl speed %s, same run: %.0f MB/s (its CPU time)\n", algorithm.back().c_str(), kb / 1000.0);
}

void build_sign_encrypt(void**) {
  auto station = make_station("field-01");
  const int count = std::max(1, megabytes * 1000 * 1000 / static_cast<int>(kRecordBytes));
  const auto dossiers = records(count);
  const double payload = static_cast<double>(count) * kRecordBytes;
  const auto registry_cert = certificate_der(pki() / "registry" / "encryption.cert.pem");
  std::vector<double> seconds, cpu_seconds;
  for (int run = 0; run < 5; ++run) {
    sync::Manifest header;
    header.station_id = "field-01";
    header.sequence = 1;
    header.batch_id = "field-01-000001";
    header.previous_hash.assign(32, 0);
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_seconds();
    auto built = sync::build_batch(header, dossiers, registry_cert, {station->keys.get(), "station-ec", std::chrono::system_clock::now()});
    cpu_seconds.push_back(thread_cpu_seconds() - cpu_start);
    seconds.push_back(Seconds(std::chrono::steady_clock::now() - start).count());
    ASSERT_OK(built);
  }
  // `openssl speed` counts the CPU time its process used (not -elapsed), so
  // the figure beside it is this thread's CPU time: on a shared machine the
  // wall clock also counts other people's work.
  std::printf("batch build + sign + encrypt, %d records of %.1f MB: median %.3f s of CPU = %.0f MB/s on one core "
              "(goal >= 500; wall clock %.0f MB/s; 5 runs)\n",
              count, mb(kRecordBytes), median(cpu_seconds), mb(payload) / median(cpu_seconds),
              mb(payload) / median(seconds));
  print_openssl_speed({"-evp", "aes-256-gcm"});
  print_openssl_speed({"-evp", "sha256"});
}

struct BigBatch {
  std::unique_ptr<Station> station;
  std::string id;
  hal::Bytes file, hash;
};

BigBatch big_batch() {
  BigBatch b;
  b.station = make_station("field-01");
  auto settings = settings_for("field-01", 1000);
  settings.max_bytes = 1u << 30;
  b.station->sync = std::make_unique<sync::Syncer>(*b.station->store, *b.station->keys, *b.station->clock, settings);
  b.station->seal(megabytes / 2, 2u << 20, 5);  // ~2 MB of images each
  auto made = b.station->sync->make_batches();
  ASSERT_OK(made);
  assert_int_equal(made->size(), 1);
  b.id = made->front();
  auto file = b.station->store->batch_content(b.id);
  ASSERT_OK(file);
  b.file = *file;
  b.hash = b.station->store->batch_info(b.id)->hash;
  return b;
}

double upload_seconds(BigBatch& b, RegistrySim& registry, sync::UploadPolicy policy, sync::UploadReport* report) {
  auto uploader = sync::Uploader::create(b.station->endpoint(registry.port()), policy, *b.station->clock, 3);
  ASSERT_OK(uploader);
  const auto start = std::chrono::steady_clock::now();
  auto receipt = (*uploader)->upload(b.id, b.file, b.hash, nullptr, report);
  const double s = Seconds(std::chrono::steady_clock::now() - start).count();
  ASSERT_OK(receipt);
  return s;
}

double curl_seconds(BigBatch& b, RegistrySim& registry, const fs::path& file) {
  const fs::path dir = b.station->pki_dir();
  const std::string url = "https://127.0.0.1:" + std::to_string(registry.port()) + "/v1/batches/" + b.id;
  const auto start = std::chrono::steady_clock::now();
  auto r = testing_support::run({"/usr/bin/curl", "-sS", "--fail", "--tlsv1.3", "-o", "/dev/null", "-X", "PATCH",
                                 "--cacert", (pki() / "registry" / "ca.cert.pem").string(), "--cert",
                                 (dir / "tls.cert.pem").string(), "--key", (dir / "tls.key.pem").string(), "-H",
                                 "Expect:", "-H", "Upload-Offset: 0", "-H",
                                 "Upload-Length: " + std::to_string(b.file.size()), "-H",
                                 "Batch-Hash: " + hal::to_hex(b.hash), "--data-binary", "@" + file.string(), url},
                                {}, std::chrono::seconds(300));
  const double s = Seconds(std::chrono::steady_clock::now() - start).count();
  if (r.exit_code != 0) fail_msg("curl failed: %s", r.err.c_str());
  return s;
}

void upload_against_curl(void**) {
  auto b = big_batch();
  const fs::path file = b.station->dir.path() / "batch.der";
  write_bytes(file, b.file);
  const double size = static_cast<double>(b.file.size());
  std::vector<double> ours, theirs;
  for (int run = 0; run < 3; ++run) {
    RegistrySim a;  // a fresh registry each time: the batch is new to it
    a.start();
    auto policy = test_policy();
    policy.chunk_bytes = 4u << 20;
    ours.push_back(upload_seconds(b, a, policy, nullptr));
    RegistrySim c;
    c.start();
    theirs.push_back(curl_seconds(b, c, file));
  }
  std::printf("upload of a %.1f MB batch on loopback (TLS 1.3, mutual): station %.0f MB/s (4 MiB chunks), "
              "curl in one request %.0f MB/s (median of 3, both incl. the registry's intake)\n",
              mb(size), mb(size) / median(ours), mb(size) / median(theirs));
  // The slow-link cap ([sync] max_kbps): what the registry sees arrive.
  RegistrySim capped;
  capped.start();
  auto policy = test_policy();
  policy.chunk_bytes = 1u << 20;
  policy.max_bytes_per_second = 2'000'000;
  const double s = upload_seconds(b, capped, policy, nullptr);
  std::printf("with the bandwidth limit at 2.0 MB/s: %.2f MB/s over %.1f s\n", mb(size) / s, s);
}

void bytes_resent_after_a_drop(void**) {
  auto b = big_batch();
  for (std::size_t chunk : {std::size_t{256} << 10, std::size_t{1} << 20, std::size_t{4} << 20}) {
    RegistrySim registry;
    // The connection goes three quarters into the first chunk.
    const std::size_t cut = chunk * 3 / 4;
    registry.start({"--drop-after", std::to_string(cut), "--drop-times", "1"});
    auto policy = test_policy();
    policy.chunk_bytes = chunk;
    sync::UploadReport report;
    upload_seconds(b, registry, policy, &report);
    std::printf("dropped %zu kB into a %zu kB chunk: %llu bytes sent again (%.2f%% of the %.1f MB batch), %d requests\n",
                cut >> 10, chunk >> 10, static_cast<unsigned long long>(report.bytes_resent),
                100.0 * static_cast<double>(report.bytes_resent) / static_cast<double>(b.file.size()),
                mb(static_cast<double>(b.file.size())), report.requests);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) megabytes = std::max(2, std::atoi(argv[1]));
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(build_sign_encrypt),
      cmocka_unit_test(upload_against_curl),
      cmocka_unit_test(bytes_resent_after_a_drop),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
