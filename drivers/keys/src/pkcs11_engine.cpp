// The ENGINE API is deprecated in OpenSSL 3 and still the only way to reach a
// PKCS#11 token on Debian 12; the deprecation is silenced here and nowhere else.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "pkcs11_engine.hpp"

#include <dlfcn.h>
#include <openssl/crypto.h>
#include <openssl/engine.h>
#include <openssl/ui.h>

#include <array>
#include <cstdlib>
#include <mutex>

#include "openssl_errors.hpp"

namespace drivers::keys {

namespace {

using hal::ErrorCode;

// Who uses the process's one engine, and for which module.
struct EngineUse {
  std::mutex mutex;
  std::string module_path;
  int users = 0;
  void* library = nullptr;
};

EngineUse& engine_use() {
  static EngineUse use;
  return use;
}

// Where OpenSSL looks for engines: $OPENSSL_ENGINES, else the directory it
// was built with, which OpenSSL_version reports as `ENGINESDIR: "<dir>"`.
std::string engines_directory() {
  if (const char* from_environment = std::getenv("OPENSSL_ENGINES"); from_environment && *from_environment) {
    return from_environment;
  }
  std::string_view built_in = OpenSSL_version(OPENSSL_ENGINES_DIR);
  auto first = built_in.find('"');
  auto last = built_in.rfind('"');
  if (first == std::string_view::npos || last <= first) return {};
  return std::string(built_in.substr(first + 1, last - first - 1));
}

// The engine's copy of libp11 allocates its method tables once and keeps them
// in its statics. OpenSSL unloads the engine library when it drops the
// engine, orphaning them; keeping the library resident keeps them valid.
hal::Status keep_engine_library_loaded(EngineUse& use) {
  if (use.library != nullptr) return {};
  std::string path = engines_directory() + "/pkcs11.so";
  use.library = dlopen(path.c_str(), RTLD_NOW | RTLD_NODELETE);
  if (use.library != nullptr) return {};
  const char* reason = dlerror();
  return hal::make_error(ErrorCode::kUnavailable, "OpenSSL's \"pkcs11\" engine '" + path + "' does not load (" +
                                                      (reason != nullptr ? reason : "unknown reason") +
                                                      "; package libengine-pkcs11-openssl)");
}

// Were the token not logged in, the engine would prompt for a PIN on the
// terminal; a UI method whose reader always fails makes that a plain error
// instead of a hung kiosk.
int refuse_to_prompt(UI*, UI_STRING*) { return 0; }

}  // namespace

struct Pkcs11Engine::Handles {
  ENGINE* engine = nullptr;
  bool initialised = false;
  UI_METHOD* no_prompt = nullptr;

  ~Handles() {
    std::lock_guard lock(engine_use().mutex);
    if (initialised) {
      ENGINE_finish(engine);
      --engine_use().users;
    }
    if (engine != nullptr) ENGINE_free(engine);
    if (no_prompt != nullptr) UI_destroy_method(no_prompt);
  }
};

Pkcs11Engine::Pkcs11Engine(std::unique_ptr<Handles> handles) : handles_(std::move(handles)) {}

Pkcs11Engine::~Pkcs11Engine() = default;

hal::Result<std::unique_ptr<Pkcs11Engine>> Pkcs11Engine::load(const std::string& module_path) {
  auto handles = std::make_unique<Handles>();
  handles->no_prompt = UI_create_method("station: no PIN prompt");
  if (handles->no_prompt == nullptr || UI_method_set_reader(handles->no_prompt, refuse_to_prompt) != 0) {
    return openssl_error(ErrorCode::kInternal, "cannot set up the engine's PIN handling");
  }
  EngineUse& use = engine_use();
  std::lock_guard lock(use.mutex);
  if (use.users > 0 && use.module_path != module_path) {
    return hal::make_error(ErrorCode::kFailedPrecondition,
                           "OpenSSL's \"pkcs11\" engine is serving PKCS#11 module '" + use.module_path +
                               "' and takes one module per process, so '" + module_path +
                               "' cannot be used alongside it");
  }
  HAL_TRY(keep_engine_library_loaded(use));
  handles->engine = ENGINE_by_id("pkcs11");
  if (handles->engine == nullptr) {
    return openssl_error(ErrorCode::kUnavailable, "OpenSSL cannot load its \"pkcs11\" engine");
  }
  // QUIET stops the engine printing its own notes to stderr: every failure
  // reaches the caller as an error value instead.
  if (ENGINE_ctrl_cmd_string(handles->engine, "QUIET", nullptr, 0) != 1 ||
      (use.users == 0 && ENGINE_ctrl_cmd_string(handles->engine, "MODULE_PATH", module_path.c_str(), 0) != 1) ||
      ENGINE_init(handles->engine) != 1) {
    return openssl_error(ErrorCode::kUnavailable,
                         "the \"pkcs11\" engine refuses PKCS#11 module '" + module_path + "'");
  }
  handles->initialised = true;
  ++use.users;
  use.module_path = module_path;
  return std::unique_ptr<Pkcs11Engine>(new Pkcs11Engine(std::move(handles)));
}

hal::Result<PkeyPtr> Pkcs11Engine::load_private_key(const std::string& uri, std::string_view key_name) {
  PkeyPtr key(ENGINE_load_private_key(handles_->engine, uri.c_str(), handles_->no_prompt, nullptr));
  if (!key) return openssl_error(ErrorCode::kInternal, "the \"pkcs11\" engine cannot load " + std::string(key_name));
  return key;
}

std::string private_key_uri(std::string_view label, std::string_view serial, std::string_view id) {
  auto encode = [](std::string_view value) {
    constexpr std::string_view kUnreserved =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7',
                                        '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
    std::string out;
    for (char c : value) {
      if (kUnreserved.find(c) != std::string_view::npos) {
        out += c;
      } else {
        auto byte = static_cast<unsigned char>(c);
        out += {'%', kHex[byte >> 4], kHex[byte & 0x0F]};
      }
    }
    return out;
  };
  return "pkcs11:token=" + encode(label) + ";serial=" + encode(serial) + ";id=" + encode(id) + ";type=private";
}

}  // namespace drivers::keys
