#include "station/cms/digests.hpp"

#include <map>

#include "station/cms/openssl.hpp"

namespace station::cms {

hal::Result<hal::Bytes> digest(const std::string& algorithm_oid, hal::ByteView data) {
  static const std::map<std::string, const char*> kNames{
      {"1.3.14.3.2.26", "SHA1"},          {"2.16.840.1.101.3.4.2.4", "SHA224"}, {kSha256, "SHA256"},
      {"2.16.840.1.101.3.4.2.2", "SHA384"}, {"2.16.840.1.101.3.4.2.3", "SHA512"}};
  auto name = kNames.find(algorithm_oid);
  if (name == kNames.end()) {
    return hal::make_error(hal::ErrorCode::kUnsupported, "hash algorithm " + algorithm_oid + " is not supported");
  }
  hal::Bytes out(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  if (!EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_get_digestbyname(name->second), nullptr)) {
    return hal::make_error(hal::ErrorCode::kInternal, "hashing failed: " + ossl::last_error(name->second));
  }
  out.resize(length);
  return out;
}

hal::Bytes sha256(hal::ByteView data) { return digest(kSha256, data).value(); }

}  // namespace station::cms
