#include "station/card/access/secure_messaging.hpp"

#include <string>

#include "station/card/access/data_objects.hpp"

namespace station::card::access {

namespace {

constexpr std::uint8_t kSmClassBits = 0x0C;
constexpr std::uint16_t kEncryptedData = 0x87;     // padding indicator + cryptogram
constexpr std::uint16_t kEncryptedBerTlv = 0x85;   // cryptogram of BER-TLV data (odd INS)
constexpr std::uint16_t kExpectedLength = 0x97;    // Ne
constexpr std::uint16_t kStatusWord = 0x99;        // SW1-SW2
constexpr std::uint16_t kChecksum = 0x8E;          // the MAC
constexpr std::uint8_t kPaddingIndicator = 0x01;   // padding method 2 applied
constexpr std::size_t kMacSize = 8;

hal::Error corrupt(std::string message) { return hal::make_error(hal::ErrorCode::kCorrupt, std::move(message)); }
hal::Error malformed(std::string message) { return hal::make_error(hal::ErrorCode::kProtocol, std::move(message)); }

hal::Bytes encode_ne(std::size_t ne) {
  if (ne <= hal::kShortMaxLe) return {static_cast<std::uint8_t>(ne & 0xFF)};
  return {static_cast<std::uint8_t>((ne >> 8) & 0xFF), static_cast<std::uint8_t>(ne & 0xFF)};
}

hal::Result<std::size_t> decode_ne(hal::ByteView value) {
  if (value.size() == 1) return value[0] == 0 ? hal::kShortMaxLe : value[0];
  if (value.size() == 2) {
    const std::size_t ne = static_cast<std::size_t>(value[0]) << 8 | value[1];
    return ne == 0 ? hal::kExtendedMaxLe : ne;
  }
  return malformed("DO'97' holds " + std::to_string(value.size()) + " bytes; Ne takes one or two");
}

// Everything of `data` before the object `last` starts: what the MAC covers.
hal::ByteView before(hal::ByteView data, const DataObject& last) {
  return data.first(static_cast<std::size_t>(last.encoded.data() - data.data()));
}

// Where a data object may stand in a protected message: the cryptogram, then
// Ne (commands) or the status word (responses), then the MAC, each at most
// once. -1 for a tag that has no place there.
int rank(std::uint16_t tag, std::uint16_t middle_tag) {
  if (tag == kEncryptedData || tag == kEncryptedBerTlv) return 0;
  if (tag == middle_tag) return 1;
  if (tag == kChecksum) return 2;
  return -1;
}

struct Protected {
  const DataObject* body = nullptr;
  const DataObject* middle = nullptr;  // DO'97' or DO'99'
  const DataObject* checksum = nullptr;
};

hal::Result<Protected> sort_objects(const std::vector<DataObject>& objects, std::uint16_t middle_tag,
                                    const char* what) {
  Protected sorted;
  int last_rank = -1;
  for (const DataObject& object : objects) {
    const int r = rank(object.tag, middle_tag);
    if (r < 0) return malformed(std::string(what) + " holds an unexpected data object, tag " + tag_name(object.tag));
    if (r <= last_rank)
      return malformed(std::string(what) + ": data object " + tag_name(object.tag) + " is repeated or out of order");
    last_rank = r;
    (r == 0 ? sorted.body : r == 1 ? sorted.middle : sorted.checksum) = &object;
  }
  return sorted;
}

std::size_t encoded_size(std::size_t value_size) {
  return 1 + (value_size >= 0x100 ? 3 : value_size >= 0x80 ? 2 : 1) + value_size;
}

}  // namespace

hal::Result<SmSession> SmSession::create(BlockCipher cipher, hal::Bytes k_enc, hal::Bytes k_mac, hal::Bytes ssc) {
  if (k_enc.size() != kKeySize || k_mac.size() != kKeySize)
    return hal::make_error(hal::ErrorCode::kInvalidArgument, "session keys must be 16 bytes each");
  if (ssc.size() != block_size(cipher))
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "the send sequence counter must be one block (" + std::to_string(block_size(cipher)) +
                               " bytes), not " + std::to_string(ssc.size()));
  return SmSession(cipher, std::move(k_enc), std::move(k_mac), std::move(ssc));
}

void SmSession::increment_ssc() {
  for (auto it = ssc_.rbegin(); it != ssc_.rend(); ++it) {
    if (++*it != 0) return;
  }
}

// 3DES secure messaging uses a zero IV (part 11 section 9.8.6.1); AES the
// SSC encrypted under K_enc (section 9.8.6.2), so no two messages share one.
hal::Result<hal::Bytes> SmSession::iv() {
  const hal::Bytes zero(block_size(cipher_), 0);
  if (cipher_ == BlockCipher::kTdes) return zero;
  return cbc_encrypt(cipher_, k_enc_, zero, ssc_);
}

hal::Result<hal::Bytes> SmSession::encrypt(hal::ByteView plain) {
  auto vector = iv();
  if (!vector) return vector.error();
  return cbc_encrypt(cipher_, k_enc_, *vector, pad(plain, block_size(cipher_)));
}

hal::Result<hal::Bytes> SmSession::decrypt(hal::ByteView encrypted) {
  if (encrypted.empty() || encrypted.size() % block_size(cipher_) != 0)
    return malformed("an SM cryptogram of " + std::to_string(encrypted.size()) + " bytes is not whole " +
                     std::to_string(block_size(cipher_)) + "-byte blocks");
  auto vector = iv();
  if (!vector) return vector.error();
  auto padded = cbc_decrypt(cipher_, k_enc_, *vector, encrypted);
  if (!padded) return padded.error();
  auto plain = unpad(*padded, block_size(cipher_));
  // The MAC was right, so the sender padded wrongly or keys disagree.
  if (!plain) return corrupt("decrypted SM data: " + plain.error().message);
  return plain;
}

hal::Result<hal::Bytes> SmSession::mac(hal::ByteView message) {
  hal::Bytes input = ssc_;
  input.insert(input.end(), message.begin(), message.end());
  input = pad(input, block_size(cipher_));
  auto full = cipher_ == BlockCipher::kTdes ? retail_mac(k_mac_, input) : aes_cmac(k_mac_, input);
  if (!full) return full.error();
  full->resize(kMacSize);
  return full;
}

hal::Result<hal::Bytes> SmSession::data_object_for(hal::ByteView plain, bool odd_ins) {
  auto cryptogram = encrypt(plain);
  if (!cryptogram) return cryptogram.error();
  if (odd_ins) return encode_object(kEncryptedBerTlv, *cryptogram);
  hal::Bytes value{kPaddingIndicator};
  value.insert(value.end(), cryptogram->begin(), cryptogram->end());
  return encode_object(kEncryptedData, value);
}

hal::Result<hal::Bytes> SmSession::open_data_object(std::uint16_t tag, hal::ByteView value, const char* what) {
  if (tag == kEncryptedBerTlv) return decrypt(value);
  if (value.empty() || value[0] != kPaddingIndicator)
    return malformed(std::string(what) + ": DO'87' must start with padding indicator 01" +
                     (value.empty() ? std::string(", it is empty") : ", not " + hal::to_hex(value.first(1))));
  return decrypt(value.subspan(1));
}

hal::Result<hal::CommandApdu> SmSession::protect_command(const hal::CommandApdu& plain) {
  if (plain.cla & kSmClassBits)
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "CLA " + hal::to_hex(hal::Bytes{plain.cla}) + " already marks secure messaging");
  increment_ssc();
  hal::CommandApdu out{static_cast<std::uint8_t>(plain.cla | kSmClassBits), plain.ins, plain.p1, plain.p2, {}, {}};
  hal::Bytes objects;
  if (!plain.data.empty()) {
    auto object = data_object_for(plain.data, (plain.ins & 1) != 0);
    if (!object) return object.error();
    objects = std::move(*object);
  }
  if (plain.ne) append_object(objects, kExpectedLength, encode_ne(*plain.ne));
  hal::Bytes message = pad(hal::Bytes{out.cla, out.ins, out.p1, out.p2}, block_size(cipher_));
  message.insert(message.end(), objects.begin(), objects.end());
  auto checksum = mac(message);
  if (!checksum) return checksum.error();
  append_object(objects, kChecksum, *checksum);
  out.data = std::move(objects);
  // Le is always there: the answer carries at least DO'99' and DO'8E'. It
  // goes extended when the protected answer to Ne may not fit 256 bytes.
  const bool extended = out.data.size() > hal::kShortMaxLc ||
                        (plain.ne && *plain.ne > max_plain_data(cipher_, hal::kShortMaxLe));
  out.ne = extended ? hal::kExtendedMaxLe : hal::kShortMaxLe;
  return out;
}

hal::Result<hal::ResponseApdu> SmSession::unprotect_response(const hal::ResponseApdu& protected_response) {
  increment_ssc();
  auto objects = read_data_objects(protected_response.data, "the SM response");
  if (!objects) return objects.error();
  auto sorted = sort_objects(*objects, kStatusWord, "the SM response");
  if (!sorted) return sorted.error();
  const auto [body, status, checksum] = *sorted;
  if (!checksum) return corrupt("the SM response has no MAC (DO'8E' missing)");
  if (!status) return corrupt("the SM response has no protected status word (DO'99' missing)");
  if (checksum->value.size() != kMacSize)
    return corrupt("the SM response's MAC is " + std::to_string(checksum->value.size()) + " bytes, not 8");
  auto expected = mac(before(protected_response.data, *checksum));
  if (!expected) return expected.error();
  if (!equal_secret(*expected, checksum->value))
    return corrupt("the SM response's MAC does not verify: the response was altered or the session keys differ");
  if (status->value.size() != 2)
    return corrupt("DO'99' holds " + std::to_string(status->value.size()) + " bytes, a status word is 2");
  const auto sw = static_cast<std::uint16_t>(status->value[0] << 8 | status->value[1]);
  if (sw != protected_response.sw)
    return corrupt("the status word " + hal::to_hex(status->value) + " under the MAC differs from SW1-SW2 " +
                   hal::to_hex(hal::Bytes{protected_response.sw1(), protected_response.sw2()}));
  hal::ResponseApdu plain{{}, sw};
  if (body) {
    auto data = open_data_object(body->tag, body->value, "the SM response");
    if (!data) return data.error();
    plain.data = std::move(*data);
  }
  return plain;
}

hal::Result<hal::CommandApdu> SmSession::unprotect_command(const hal::CommandApdu& protected_command) {
  increment_ssc();
  auto objects = read_data_objects(protected_command.data, "the SM command");
  if (!objects) return objects.error();
  auto sorted = sort_objects(*objects, kExpectedLength, "the SM command");
  if (!sorted) return sorted.error();
  const auto [body, ne, checksum] = *sorted;
  if (!checksum || checksum->value.size() != kMacSize) return malformed("the SM command has no 8-byte DO'8E'");
  const std::uint8_t header[] = {protected_command.cla, protected_command.ins, protected_command.p1,
                                 protected_command.p2};
  hal::Bytes message = pad(header, block_size(cipher_));
  const hal::ByteView covered = before(protected_command.data, *checksum);
  message.insert(message.end(), covered.begin(), covered.end());
  auto expected = mac(message);
  if (!expected) return expected.error();
  if (!equal_secret(*expected, checksum->value)) return corrupt("the SM command's MAC does not verify");
  hal::CommandApdu plain{static_cast<std::uint8_t>(protected_command.cla & ~kSmClassBits), protected_command.ins,
                         protected_command.p1, protected_command.p2, {}, {}};
  if (body) {
    auto data = open_data_object(body->tag, body->value, "the SM command");
    if (!data) return data.error();
    plain.data = std::move(*data);
  }
  if (ne) {
    auto decoded = decode_ne(ne->value);
    if (!decoded) return decoded.error();
    plain.ne = *decoded;
  }
  return plain;
}

hal::Result<hal::ResponseApdu> SmSession::protect_response(const hal::ResponseApdu& plain, bool odd_ins) {
  increment_ssc();
  hal::Bytes objects;
  if (!plain.data.empty()) {
    auto object = data_object_for(plain.data, odd_ins);
    if (!object) return object.error();
    objects = std::move(*object);
  }
  append_object(objects, kStatusWord, hal::Bytes{plain.sw1(), plain.sw2()});
  auto checksum = mac(objects);
  if (!checksum) return checksum.error();
  append_object(objects, kChecksum, *checksum);
  return hal::ResponseApdu{std::move(objects), plain.sw};
}

std::size_t SmSession::max_plain_data(BlockCipher cipher, std::size_t max_protected) {
  const std::size_t block = block_size(cipher);
  // DO'97' or DO'99' (at most 4 bytes) and DO'8E' (10) ride along.
  constexpr std::size_t kFixed = 4 + 2 + kMacSize;
  if (max_protected <= kFixed) return 0;
  std::size_t padded = (max_protected - kFixed) / block * block;
  for (; padded > 0; padded -= block) {
    if (encoded_size(1 + padded) + kFixed <= max_protected) return padded - 1;  // padding takes at least 1
  }
  return 0;
}

}  // namespace station::card::access
