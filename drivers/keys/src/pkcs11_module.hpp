// A loaded PKCS#11 module. C_Initialize and C_Finalize act on the whole
// process, so a second copy of a module finalising itself would end the first
// copy's sessions: every user in the process shares one instance per path,
// and the module is finalised when the last one lets go.
//
// The slot list is read once, at load: libp11 0.4.12 (Debian 12) crashes in
// PKCS11_update_slots, and releasing a slot list closes every session on
// those slots, the engine's included. Users see tokens plugged in later by
// letting go of the module and acquiring it again.
#pragma once

#include <libp11.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/pkcs11_tokens.hpp"
#include "hal/result.hpp"
#include "pkcs11_engine.hpp"

namespace drivers::keys {

class Pkcs11Module {
 public:
  // kInvalidArgument (empty path), kUnavailable (missing, or fails to load
  // or to list its slots).
  static hal::Result<std::shared_ptr<Pkcs11Module>> acquire(std::string_view path);

  Pkcs11Module(const Pkcs11Module&) = delete;
  Pkcs11Module& operator=(const Pkcs11Module&) = delete;
  ~Pkcs11Module();

  // As the caller gave it.
  const std::string& path() const { return path_; }

  // Held around every use of the slots, tokens, keys or engine below.
  std::mutex& mutex() { return mutex_; }

  // Every slot, as the module listed them when it was loaded.
  std::vector<TokenInfo> describe_slots() const;

  // The slot holding the initialised token labelled `label`. kUnavailable
  // naming the labels there are.
  hal::Result<PKCS11_SLOT*> find_token(std::string_view label) const;

  // The "pkcs11" OpenSSL engine on this module, loaded on first use.
  hal::Result<Pkcs11Engine*> engine();

 private:
  Pkcs11Module(std::string path, std::string file) : path_(std::move(path)), file_(std::move(file)) {}
  hal::Status load();
  std::string token_labels() const;

  std::string path_;  // as configured, for messages
  std::string file_;  // with symlinks resolved: the library's identity
  std::mutex mutex_;
  PKCS11_CTX* context_ = nullptr;
  PKCS11_SLOT* slots_ = nullptr;
  unsigned int slot_count_ = 0;
  std::unique_ptr<Pkcs11Engine> engine_;
};

}  // namespace drivers::keys
