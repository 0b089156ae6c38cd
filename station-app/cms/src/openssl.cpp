#include "station/cms/openssl.hpp"

namespace station::cms::ossl {

std::string last_error(const char* fallback) {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return fallback;
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

}  // namespace station::cms::ossl
