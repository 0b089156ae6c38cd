// Durable sealing of 1 MB dossiers and what they cost on disk, with the
// station's keys as files and in a SoftHSM2 token. Prints figures only.
//   bench_store_seal [DOSSIERS]   (default 30 per key store)
// Per dossier: a draft, twelve durable saves (demographics, face, ten fingers
// of ~90 kB each), then the seal (decrypt, validate, hash, ECDSA signature,
// one synchronous=FULL transaction), timed on its own.
#include <algorithm>
#include <cstdio>

#include "drivers/key_store_factory.hpp"
#include "store_fixture.hpp"
#include "token_fixture.hpp"
#include "cmocka.hpp"

namespace {

using namespace store_test;
using Millis = std::chrono::duration<double, std::milli>;

int dossiers = 30;
constexpr std::size_t kImageBytes = 11 * 91000;  // face + ten fingers, ~1 MB with their encodings

double percentile(std::vector<double> samples, double p) {
  std::sort(samples.begin(), samples.end());
  return samples[static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1))];
}

void run(const char* name, hal::KeyStore& keys, const fs::path& dir) {
  auto clock = test_clock();
  fs::path db = dir / (std::string(name) + ".db");
  auto opened = Store::open(options_for(db), &keys, *clock);
  ASSERT_OK(opened);
  auto& store = **opened;
  std::vector<double> save_ms;
  std::vector<double> seal_ms;
  std::int64_t payload = 0;
  for (int i = 0; i < dossiers; ++i) {
    auto d = complete_dossier(kImageBytes, 1000 + static_cast<std::uint64_t>(i));
    auto start = std::chrono::steady_clock::now();
    auto id = store.create_draft(kOfficer);
    ASSERT_OK(id);
    ASSERT_OK(save_all(store, *id, d));
    auto saved = std::chrono::steady_clock::now();
    ASSERT_OK(store.transition(*id, DossierState::kSealed, kOfficer));
    auto sealed = std::chrono::steady_clock::now();
    store.forget_keys();  // as if the next dossier were enrolled much later
    save_ms.push_back(Millis(saved - start).count());
    seal_ms.push_back(Millis(sealed - saved).count());
    payload += store.summary(*id)->payload_bytes;
  }
  opened->reset();  // the last connection folds the WAL into the file
  auto file_bytes = static_cast<double>(fs::file_size(db));
  double per_dossier = file_bytes / dossiers;
  std::printf("%-9s durable seal of a 1 MB dossier: median %.1f ms, p90 %.1f ms (%d dossiers)\n", name,
              percentile(seal_ms, 0.5), percentile(seal_ms, 0.9), dossiers);
  std::printf("%-9s draft + 12 durable saves of it:  median %.1f ms, p90 %.1f ms\n", name, percentile(save_ms, 0.5),
              percentile(save_ms, 0.9));
  std::printf("%-9s bytes on disk per dossier: %.0f (encrypted payload %.0f, overhead %.1f%%)\n", name, per_dossier,
              static_cast<double>(payload) / dossiers, 100.0 * (file_bytes / static_cast<double>(payload) - 1.0));
}

void seal_one_megabyte_dossiers(void**) {
  keys_test::TempDir dir;
  StationKeys files;
  files.write();
  run("key files", *files.open(), dir.path());
  keys_test::Token token;
  assert_true(token.make());
  auto keys = drivers::keys::open_pkcs11_token({drivers::keys::kDefaultPkcs11Module, keys_test::kTokenLabel, keys_test::kUserPin});
  ASSERT_OK(keys);
  run("SoftHSM2", **keys, dir.path());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) dossiers = std::max(2, std::atoi(argv[1]));
  const struct CMUnitTest tests[] = {cmocka_unit_test(seal_one_megabyte_dossiers)};
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
