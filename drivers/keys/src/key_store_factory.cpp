#include "drivers/key_store_factory.hpp"

#include "drivers/pkcs11_tokens.hpp"
#include "key_file_store.hpp"
#include "pkcs11_key_store.hpp"
#include "pkcs11_module.hpp"

namespace drivers::keys {

using hal::ErrorCode;

hal::Result<std::unique_ptr<hal::KeyStore>> open_key_files(const KeyFileOptions& options) {
  if (options.directory.empty()) return hal::make_error(ErrorCode::kInvalidArgument, "no key directory given");
  auto store = std::make_unique<KeyFileStore>(options.directory);
  HAL_TRY(store->check_directory());  // a wrong path is a set-up fault to report at start-up
  return std::unique_ptr<hal::KeyStore>(std::move(store));
}

hal::Result<std::unique_ptr<hal::KeyStore>> open_pkcs11_token(const Pkcs11Options& options) {
  if (options.token_label.empty()) return hal::make_error(ErrorCode::kInvalidArgument, "no PKCS#11 token label given");
  auto module = Pkcs11Module::acquire(options.module_path);
  if (!module) return module.error();
  {
    // A missing engine package is a set-up fault to report at start-up.
    std::lock_guard lock((*module)->mutex());
    auto engine = (*module)->engine();
    if (!engine) return engine.error();
  }
  return std::unique_ptr<hal::KeyStore>(
      std::make_unique<Pkcs11KeyStore>(std::move(*module), options.token_label, options.pin));
}

hal::Result<std::vector<TokenInfo>> list_tokens(std::string_view module_path) {
  auto module = Pkcs11Module::acquire(module_path);
  if (!module) return module.error();
  std::lock_guard lock((*module)->mutex());
  return hal::Result<std::vector<TokenInfo>>((*module)->describe_slots());
}

}  // namespace drivers::keys
