// OpenSSL's "pkcs11" engine (libengine-pkcs11-openssl): it turns a token's
// private key into an EVP_PKEY whose operations run inside the token. Only
// this class touches the ENGINE API, which OpenSSL 3 deprecates; Debian 12
// has no pkcs11-provider to replace it.
//
// OpenSSL keeps one "pkcs11" engine per process, set to one PKCS#11 module
// (copies of it fail to bind in libp11 0.4.12), so every user shares it and
// a second module can be used only once the first is let go.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "hal/result.hpp"
#include "openssl_ptr.hpp"

namespace drivers::keys {

class Pkcs11Engine {
 public:
  // kUnavailable when the engine is not installed or refuses the module;
  // kFailedPrecondition while it serves another module.
  static hal::Result<std::unique_ptr<Pkcs11Engine>> load(const std::string& module_path);

  Pkcs11Engine(const Pkcs11Engine&) = delete;
  Pkcs11Engine& operator=(const Pkcs11Engine&) = delete;
  ~Pkcs11Engine();

  // The private key at RFC 7512 `uri`. The caller has logged into its token
  // through libp11 already; PKCS#11 login belongs to the whole process, so
  // the engine finds the token logged in and never holds the PIN. kInternal
  // naming `key_name` when the engine cannot load it. Every key must be freed
  // before this object is destroyed.
  hal::Result<PkeyPtr> load_private_key(const std::string& uri, std::string_view key_name);

 private:
  struct Handles;
  explicit Pkcs11Engine(std::unique_ptr<Handles> handles);
  std::unique_ptr<Handles> handles_;
};

// The RFC 7512 URI of the private key with CKA_ID `id` on the token with
// `label` and `serial`; every byte outside the unreserved set is %-encoded.
std::string private_key_uri(std::string_view label, std::string_view serial, std::string_view id);

}  // namespace drivers::keys
