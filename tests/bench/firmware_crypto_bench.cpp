// firmware/crypto next to OpenSSL in the same run: Ed25519 verify (median
// microseconds) and SHA-256 / SHA-512 throughput (MB/s). Prints figures,
// asserts only that both sides computed the same thing.
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

#include "fw/crypto/ed25519.hpp"
#include "fw/crypto/sha256.hpp"
#include "fw/crypto/sha512.hpp"
#include "openssl_ed25519.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double median_us(int runs, const std::function<void()>& work) {
    std::vector<double> us;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        work();
        us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    std::nth_element(us.begin(), us.begin() + runs / 2, us.end());
    return us[runs / 2];
}

int bench_ed25519() {
    const fw_crypto_test::KeyPair key = fw_crypto_test::random_key();
    const fw_crypto_test::Bytes message = fw_crypto_test::random_bytes(64);
    const fw_crypto_test::Signature sig = fw_crypto_test::openssl_sign(key, message);
    bool ours_ok = true;
    bool theirs_ok = true;
    constexpr int kRuns = 301;
    const double ours = median_us(kRuns, [&] {
        ours_ok &= fw::crypto::ed25519_verify(key.public_key.data(), sig.data(), message.data(), message.size());
    });
    const double theirs = median_us(kRuns, [&] {
        theirs_ok &= fw_crypto_test::openssl_verify(key.public_key, sig, message);
    });
    std::printf("Ed25519 verify, 64-byte message, median of %d: firmware/crypto %.1f us, OpenSSL %.1f us (%.2fx)\n",
                kRuns, ours, theirs, ours / theirs);
    return ours_ok && theirs_ok ? 0 : 1;
}

// MB/s over 8 MiB hashed as 1 MiB updates, the best of five rounds.
template <typename Ours>
int bench_hash(const char* name, const EVP_MD* md, std::size_t digest_size, Ours ours) {
    const fw_crypto_test::Bytes chunk = fw_crypto_test::random_bytes(1 << 20);
    constexpr int kChunks = 8;
    std::uint8_t ours_digest[64];
    std::uint8_t theirs_digest[64];
    const double ours_us = median_us(5, [&] { ours(chunk, kChunks, ours_digest); });
    const double theirs_us = median_us(5, [&] {
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        EVP_DigestInit_ex(ctx, md, nullptr);
        for (int i = 0; i < kChunks; ++i) {
            EVP_DigestUpdate(ctx, chunk.data(), chunk.size());
        }
        EVP_DigestFinal_ex(ctx, theirs_digest, nullptr);
        EVP_MD_CTX_free(ctx);
    });
    const double mb = kChunks * chunk.size() / 1e6;
    std::printf("%s over %.1f MB: firmware/crypto %.0f MB/s, OpenSSL %.0f MB/s\n", name, mb, mb / (ours_us / 1e6),
                mb / (theirs_us / 1e6));
    return std::equal(ours_digest, ours_digest + digest_size, theirs_digest) ? 0 : 1;
}

template <typename Hash>
void hash_chunks(const fw_crypto_test::Bytes& chunk, int count, std::uint8_t* digest) {
    Hash hash;
    for (int i = 0; i < count; ++i) {
        hash.update(chunk.data(), chunk.size());
    }
    hash.finish(digest);
}

}  // namespace

int main() {
    int failures = bench_ed25519();
    failures += bench_hash("SHA-256", EVP_sha256(), 32, hash_chunks<fw::crypto::Sha256>);
    failures += bench_hash("SHA-512", EVP_sha512(), 64, hash_chunks<fw::crypto::Sha512>);
    if (failures != 0) {
        std::puts("firmware/crypto and OpenSSL disagree");
    }
    return failures == 0 ? 0 : 1;
}
