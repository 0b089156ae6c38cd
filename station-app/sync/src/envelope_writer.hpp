// CMS AuthEnvelopedData (RFC 5083: AES-256-GCM, the content key sent by
// RSA-OAEP SHA-256 to one certificate, RFC 8017 and RFC 5084) written
// straight into the caller's buffer as the plaintext arrives, and hashed as
// it is written: a batch is encrypted once, in place, never copied. The DER
// is the one OpenSSL's CMS_encrypt writes (`openssl cms -decrypt` reads it).
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/bytes.hpp"
#include "hal/result.hpp"
#include "station/cms/openssl.hpp"

namespace station::sync {

// id-ct-authEnvelopedData (RFC 5083): the envelope's content type, also
// named in a batch's manifest.
inline constexpr const char* kAuthEnvelopedDataOid = "1.2.840.113549.1.9.16.1.23";

class EnvelopeWriter {
 public:
  // An envelope for exactly `plaintext_size` bytes to `certificate` (DER,
  // an RSA key). kInvalidArgument when the certificate does not parse or
  // has another key; kInternal when OpenSSL fails.
  static hal::Result<EnvelopeWriter> open(hal::ByteView certificate, std::size_t plaintext_size);

  // The whole DER ContentInfo's size.
  std::size_t size() const { return head_.size() + plaintext_size_ + kTagSize + 2; }
  // Writes the envelope from `destination`, which holds size() bytes: the
  // head now, the ciphertext through write(), the tag in close().
  void begin(std::uint8_t* destination);
  // The next plaintext bytes; kInternal when more arrive than were announced.
  hal::Status write(hal::ByteView plaintext);
  // Ends the envelope: kInternal unless every announced byte came. The
  // SHA-256 of the envelope's DER.
  hal::Result<hal::Bytes> close();

 private:
  static constexpr std::size_t kTagSize = 16;
  EnvelopeWriter() = default;
  void emit(hal::ByteView bytes);

  hal::Bytes head_;
  std::size_t plaintext_size_ = 0;
  std::size_t written_ = 0;
  std::uint8_t* out_ = nullptr;
  cms::ossl::CipherCtx cipher_;
  cms::ossl::MdCtx hash_;
};

}  // namespace station::sync
