// A PIN held in memory: wiped when dropped, and with no way to print it.
#pragma once

#include <openssl/crypto.h>

#include <string>
#include <string_view>

namespace drivers::keys {

class SecretString {
 public:
  explicit SecretString(std::string_view text) : text_(text) {}
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  ~SecretString() { OPENSSL_cleanse(text_.data(), text_.size()); }

  bool empty() const { return text_.empty(); }
  // For the one call that hands the secret to the token.
  const char* reveal() const { return text_.c_str(); }

 private:
  std::string text_;
};

}  // namespace drivers::keys
