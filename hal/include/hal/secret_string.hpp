// A secret held in memory (the token PIN): wiped when dropped, never copied,
// with no way to print it. explicit_bzero, unlike memset, is not dropped by
// the compiler for memory about to be freed.
#pragma once

#include <string.h>

#include <string>
#include <string_view>

namespace hal {

// Overwrites a string's characters with zeros (its length stays).
inline void wipe(std::string& text) {
  if (!text.empty()) explicit_bzero(text.data(), text.size());
}

class SecretString {
 public:
  explicit SecretString(std::string_view text) : text_(text) {}
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  ~SecretString() { wipe(text_); }

  bool empty() const { return text_.empty(); }
  // For the one call that hands the secret to the token.
  const char* reveal() const { return text_.c_str(); }

 private:
  std::string text_;
};

}  // namespace hal
