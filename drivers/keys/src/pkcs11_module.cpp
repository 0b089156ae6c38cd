#include "pkcs11_module.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <map>
#include <system_error>

#include "openssl_errors.hpp"

namespace drivers::keys {

namespace {

using hal::ErrorCode;

// The registry's lock is also held while a module is destroyed, so a module
// being finalised and a new copy being initialised never overlap.
std::mutex& registry_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::map<std::string, std::weak_ptr<Pkcs11Module>, std::less<>>& registry() {
  static std::map<std::string, std::weak_ptr<Pkcs11Module>, std::less<>> modules;
  return modules;
}

// libp11 prints dlopen's complaints to stderr and returns a bare failure;
// probing the library first turns the usual misconfigurations (not a shared
// library, not a PKCS#11 module) into a message that says which.
hal::Status probe_module(const std::string& path) {
  void* handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    return hal::make_error(ErrorCode::kUnavailable, "PKCS#11 module '" + path + "' does not load: " +
                                                        (reason != nullptr ? reason : "unknown reason"));
  }
  bool is_pkcs11 = dlsym(handle, "C_GetFunctionList") != nullptr;
  dlclose(handle);
  if (is_pkcs11) return {};
  return hal::make_error(ErrorCode::kUnavailable,
                         "'" + path + "' is not a PKCS#11 module (it has no C_GetFunctionList)");
}

std::string text_or_empty(const char* text) { return text != nullptr ? text : ""; }

TokenInfo describe_slot(const PKCS11_SLOT& slot) {
  TokenInfo info;
  info.slot_id = PKCS11_get_slotid_from_slot(const_cast<PKCS11_SLOT*>(&slot));
  info.slot_description = text_or_empty(slot.description);
  if (const PKCS11_TOKEN* token = slot.token) {
    info.token_present = true;
    info.label = text_or_empty(token->label);
    info.manufacturer = text_or_empty(token->manufacturer);
    info.model = text_or_empty(token->model);
    info.serial = text_or_empty(token->serialnr);
    info.initialized = token->initialized != 0;
    info.login_required = token->loginRequired != 0;
    info.user_pin_locked = token->userPinLocked != 0;
  }
  return info;
}

}  // namespace

hal::Result<std::shared_ptr<Pkcs11Module>> Pkcs11Module::acquire(std::string_view path) {
  if (path.empty()) return hal::make_error(ErrorCode::kInvalidArgument, "no PKCS#11 module path given");
  // A symlink and its target are one library, hence one module: key by the file.
  std::error_code error;
  std::filesystem::path file = std::filesystem::weakly_canonical(std::filesystem::path(path), error);
  std::string identity = error ? std::string(path) : file.string();
  std::lock_guard lock(registry_mutex());
  auto& slot = registry()[identity];
  if (auto shared = slot.lock()) return shared;
  std::unique_ptr<Pkcs11Module> module(new Pkcs11Module(std::string(path), identity));
  HAL_TRY(module->load());
  std::shared_ptr<Pkcs11Module> shared(module.release(), [](Pkcs11Module* doomed) {
    std::lock_guard destroying(registry_mutex());
    delete doomed;
  });
  slot = shared;
  return shared;
}

hal::Status Pkcs11Module::load() {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path_, error)) {
    return hal::make_error(ErrorCode::kUnavailable, "PKCS#11 module '" + path_ + "' does not exist");
  }
  HAL_TRY(probe_module(path_));
  context_ = PKCS11_CTX_new();
  if (context_ == nullptr) return openssl_error(ErrorCode::kInternal, "cannot allocate a PKCS#11 context");
  if (PKCS11_CTX_load(context_, path_.c_str()) != 0) {
    PKCS11_CTX_free(context_);
    context_ = nullptr;
    return openssl_error(ErrorCode::kUnavailable, "PKCS#11 module '" + path_ + "' does not load");
  }
  if (PKCS11_enumerate_slots(context_, &slots_, &slot_count_) != 0) {
    return openssl_error(ErrorCode::kUnavailable, "cannot list the slots of PKCS#11 module '" + path_ + "'");
  }
  return {};
}

Pkcs11Module::~Pkcs11Module() {
  // The engine holds its own copy of the module: it goes first, as the
  // C_Finalize below ends every session in the process.
  engine_.reset();
  if (context_ == nullptr) return;
  if (slots_ != nullptr) PKCS11_release_all_slots(context_, slots_, slot_count_);
  PKCS11_CTX_unload(context_);
  PKCS11_CTX_free(context_);
}

std::vector<TokenInfo> Pkcs11Module::describe_slots() const {
  std::vector<TokenInfo> slots;
  for (unsigned int i = 0; i < slot_count_; ++i) slots.push_back(describe_slot(slots_[i]));
  return slots;
}

std::string Pkcs11Module::token_labels() const {
  std::string labels;
  for (unsigned int i = 0; i < slot_count_; ++i) {
    const PKCS11_TOKEN* token = slots_[i].token;
    if (token == nullptr || !token->initialized) continue;
    labels += (labels.empty() ? "'" : ", '") + text_or_empty(token->label) + "'";
  }
  return labels.empty() ? "none" : labels;
}

hal::Result<PKCS11_SLOT*> Pkcs11Module::find_token(std::string_view label) const {
  for (unsigned int i = 0; i < slot_count_; ++i) {
    const PKCS11_TOKEN* token = slots_[i].token;
    if (token != nullptr && token->initialized && token->label != nullptr && label == token->label) return &slots_[i];
  }
  return hal::make_error(ErrorCode::kUnavailable, "no token labelled '" + std::string(label) +
                                                      "' in PKCS#11 module '" + path_ +
                                                      "' (tokens present: " + token_labels() + ")");
}

hal::Result<Pkcs11Engine*> Pkcs11Module::engine() {
  if (!engine_) {
    auto loaded = Pkcs11Engine::load(file_);
    if (!loaded) return loaded.error();
    engine_ = std::move(*loaded);
  }
  return engine_.get();
}

}  // namespace drivers::keys
