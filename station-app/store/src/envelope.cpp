#include "station/store/envelope.hpp"

#include <string>

#include "byte_layout.hpp"
#include "crypto.hpp"

namespace station::store {

namespace {

constexpr std::string_view kMagic = "STENV1";

hal::Bytes header(hal::ByteView wrapped) {
  hal::Bytes out(kMagic.begin(), kMagic.end());
  put_u32(out, static_cast<std::uint32_t>(wrapped.size()));
  out.insert(out.end(), wrapped.begin(), wrapped.end());
  return out;
}

hal::Bytes associated_data(const hal::Bytes& head, hal::ByteView context) {
  hal::Bytes aad = head;
  aad.insert(aad.end(), context.begin(), context.end());
  return aad;
}

hal::Error malformed(const std::string& why) {
  return hal::make_error(hal::ErrorCode::kCorrupt, "the sealed file is malformed: " + why);
}

}  // namespace

hal::Result<hal::Bytes> seal_envelope(hal::KeyStore& keys, std::string_view wrap_key, hal::ByteView context,
                                      hal::ByteView plaintext) {
  auto spki = keys.public_key(wrap_key);
  if (!spki) return spki.error();
  auto wrapper = WrapKey::from_spki(*spki, wrap_key);
  if (!wrapper) return wrapper.error();
  auto key = DataKey::generate();
  if (!key) return key.error();
  auto wrapped = wrapper->wrap(*key);
  if (!wrapped) return wrapped.error();
  hal::Bytes out = header(*wrapped);
  auto body = aes_gcm_seal(*key, associated_data(out, context), plaintext);
  if (!body) return body.error();
  out.insert(out.end(), body->begin(), body->end());
  return out;
}

hal::Result<hal::Bytes> open_envelope(hal::KeyStore& keys, std::string_view wrap_key, hal::ByteView context,
                                      hal::ByteView sealed) {
  const std::size_t fixed = kMagic.size() + 4;
  if (sealed.size() < fixed || !std::equal(kMagic.begin(), kMagic.end(), sealed.begin()))
    return malformed("it does not start with " + std::string(kMagic));
  std::size_t wrapped_size = 0;
  for (std::size_t i = kMagic.size(); i < fixed; ++i) wrapped_size = (wrapped_size << 8) | sealed[i];
  if (wrapped_size > sealed.size() - fixed)
    return malformed("its wrapped key claims " + std::to_string(wrapped_size) + " bytes, more than the file holds");
  const hal::ByteView wrapped = sealed.subspan(fixed, wrapped_size);
  auto raw = keys.decrypt(wrap_key, wrapped);
  if (!raw) {
    if (raw.error().code != hal::ErrorCode::kCorrupt) return raw.error();
    return hal::make_error(hal::ErrorCode::kCorrupt, "its data key does not unwrap with key '" +
                                                         std::string(wrap_key) + "': it was altered or sealed by "
                                                         "another station");
  }
  auto key = DataKey::adopt(*raw);
  if (!key) return key.error();
  return aes_gcm_open(*key, associated_data(header(wrapped), context), sealed.subspan(fixed + wrapped_size));
}

}  // namespace station::store
