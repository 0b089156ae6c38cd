// Opens the station's key stores (hal::KeyStore) over OpenSSL 3: a directory
// of PEM files for development, or a PKCS#11 token through OpenSSL's "pkcs11"
// engine. The program picks one from its configuration at start-up.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "hal/key_store.hpp"
#include "hal/result.hpp"
#include "hal/secret_string.hpp"

namespace drivers::keys {

// Development keys: `<id>.key.pem` (unencrypted PKCS#8 or traditional PEM
// private key) and optionally `<id>.cert.pem` beside it; the id is the stem.
struct KeyFileOptions {
  std::filesystem::path directory;
};

inline constexpr const char* kDefaultPkcs11Module = "/usr/lib/softhsm/libsofthsm2.so";

// A PKCS#11 token; its keys are addressed by their label (CKA_LABEL), and a
// key's certificate is the certificate object with the same CKA_ID.
struct Pkcs11Options {
  std::string module_path = kDefaultPkcs11Module;
  std::string token_label;
  // User PIN. Kept in memory only for logging in again after the token comes
  // back; wiped when the store goes, and here when the options go. Never
  // logged nor put in a message or a PKCS#11 URI.
  std::string pin;

  ~Pkcs11Options() { hal::wipe(pin); }
};

// kUnavailable when the directory does not exist or is not a directory,
// kInvalidArgument when none is given. list_keys() reports only RSA and EC
// P-256 keys and fails (kCorrupt) on a key file it cannot read. Key files are read on each call, so
// files dropped in later are seen.
// Beyond hal::KeyStore's errors, this store returns kCorrupt for a key or
// certificate file that does not parse (or a certificate that does not belong
// to its key), kUnsupported for an encrypted key file, and kInvalidArgument
// for an id that is not a plain file stem.
hal::Result<std::unique_ptr<hal::KeyStore>> open_key_files(const KeyFileOptions& options);

// Loads the PKCS#11 module (kUnavailable if it is missing or does not load;
// kInvalidArgument for an empty module path or token label). The token itself
// is looked for, and logged into, on first use; a missing token is
// kUnavailable from each method, and one plugged in later is found once no
// other store holds the module (libp11 0.4.12 cannot re-read a slot list).
// A refused PIN is tried only once per store (a second try could lock a real
// token): later calls return the same kWrongPin until the store is reopened.
// list_keys() reports only RSA and EC P-256 keys, the kinds the station uses.
// kFailedPrecondition while a store on another module is open: OpenSSL's
// pkcs11 engine serves one module per process. A store is used from one
// thread at a time. drivers/keys/README.md says more.
hal::Result<std::unique_ptr<hal::KeyStore>> open_pkcs11_token(const Pkcs11Options& options);

}  // namespace drivers::keys
