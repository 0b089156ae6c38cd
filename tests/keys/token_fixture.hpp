// A SoftHSM2 token made by tests/rig/make-token in a private directory, and
// the `openssl` command-line tool as the independent judge of what the
// driver returns from it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hal/bytes.hpp"
#include "hal/key_store.hpp"
#include "temp_dir.hpp"

namespace keys_test {

inline constexpr const char* kTokenLabel = "station";
inline constexpr const char* kUserPin = "123456";

class Token {
 public:
  // Runs make-token and points this process's SoftHSM2 at the new token
  // (SOFTHSM2_CONF), before any module is loaded. False when that failed,
  // after printing why.
  bool make();
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
};

// Runs make-token with `arguments`; returns its exit code, what it printed in
// `out` and `err`.
int run_make_token(const std::vector<std::string>& arguments, std::string* out = nullptr, std::string* err = nullptr);

// Runs the `openssl` tool with `arguments`; true when it exits 0.
bool openssl(const std::vector<std::string>& arguments);

void write_bytes(const std::filesystem::path& path, hal::ByteView bytes);
hal::Bytes read_bytes(const std::filesystem::path& path);

// Writes a DER certificate as cert.pem and its public key as pub.pem in `work_dir`.
void write_certificate_files(const std::filesystem::path& work_dir, const hal::Bytes& certificate);

}  // namespace keys_test
