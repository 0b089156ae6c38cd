#include "station/card/access/put_data.hpp"

#include <string>

namespace station::card::access {

namespace {

hal::CommandApdu put(std::uint16_t tag, hal::ByteView value) {
  return {0x00, kInsPutData, static_cast<std::uint8_t>(tag >> 8), static_cast<std::uint8_t>(tag),
          hal::Bytes(value.begin(), value.end()), std::nullopt};
}

}  // namespace

hal::Result<hal::CommandApdu> put_mrz_key(const AccessKey& mrz) {
  if (mrz.kind() != AccessKey::Kind::kMrz)
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "put_mrz_key needs an MRZ key, not a CAN");
  return put(put_data_tag::kMrzKey, mrz.password());
}

hal::Result<hal::CommandApdu> put_can(const AccessKey& can) {
  if (can.kind() != AccessKey::Kind::kCan)
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "put_can needs a CAN, not an MRZ key");
  return put(put_data_tag::kCan, can.password());
}

hal::Result<hal::CommandApdu> put_aa_private_key(hal::ByteView pkcs8) {
  if (pkcs8.empty() || pkcs8.size() > hal::kShortMaxLc)
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "an Active Authentication key of " + std::to_string(pkcs8.size()) +
                               " bytes does not fit one short PUT DATA");
  return put(put_data_tag::kAaPrivateKey, pkcs8);
}

}  // namespace station::card::access
