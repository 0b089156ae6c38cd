// ICAO Doc 9303 part 11 section 9.8: secure messaging after BAC (3DES, retail
// MAC) or PACE (AES, CMAC, IV from the send sequence counter). One session
// object serves either end: the reader protects commands and unprotects
// responses, the card does the reverse. Every call first increments the send
// sequence counter (SSC), as both ends do for each command and each response.
#pragma once

#include <cstddef>

#include "hal/apdu.hpp"
#include "station/card/access/primitives.hpp"

namespace station::card::access {

class SmSession {
 public:
  // `ssc` is one block: BAC starts it from the two challenges, PACE at zero.
  // Errors: kInvalidArgument (key or SSC of the wrong size).
  static hal::Result<SmSession> create(BlockCipher cipher, hal::Bytes k_enc, hal::Bytes k_mac, hal::Bytes ssc);

  BlockCipher cipher() const { return cipher_; }
  const hal::Bytes& ssc() const { return ssc_; }

  // Reader: CLA gets the SM bits (0C), data goes in DO'87' (DO'85' for an odd
  // INS), Ne in DO'97', the MAC in DO'8E', and Le is always present.
  // Errors: kInvalidArgument (CLA already marks secure messaging), kInternal.
  hal::Result<hal::CommandApdu> protect_command(const hal::CommandApdu& plain);

  // Reader: checks DO'8E' over DO'87'/'85' and DO'99', then decrypts. The
  // status word returned is the MAC-protected one of DO'99'.
  // Errors: kCorrupt (MAC wrong or missing, DO'99' missing or not matching
  // SW1-SW2, padding wrong under a valid MAC), kProtocol (malformed data
  // objects, objects out of order or unknown, bad padding indicator).
  hal::Result<hal::ResponseApdu> unprotect_response(const hal::ResponseApdu& protected_response);

  // Card: the inverse of protect_command. Errors: kProtocol (SM data objects
  // missing or malformed: the card answers 6987), kCorrupt (MAC or padding
  // wrong: 6988).
  hal::Result<hal::CommandApdu> unprotect_command(const hal::CommandApdu& protected_command);

  // Card: wraps data and status word. `odd_ins` puts the data in DO'85'
  // (its plain form is BER-TLV already). Errors: kInternal.
  hal::Result<hal::ResponseApdu> protect_response(const hal::ResponseApdu& plain, bool odd_ins);

  // The most plain data a command or response can carry when its protected
  // form may hold at most `max_protected` data bytes (0 if none fits).
  static std::size_t max_plain_data(BlockCipher cipher, std::size_t max_protected);

 private:
  SmSession(BlockCipher cipher, hal::Bytes k_enc, hal::Bytes k_mac, hal::Bytes ssc)
      : cipher_(cipher), k_enc_(std::move(k_enc)), k_mac_(std::move(k_mac)), ssc_(std::move(ssc)) {}

  void increment_ssc();
  hal::Result<hal::Bytes> iv();
  hal::Result<hal::Bytes> encrypt(hal::ByteView plain);
  hal::Result<hal::Bytes> decrypt(hal::ByteView encrypted);
  // The 8-byte MAC of SSC || `message`, padded.
  hal::Result<hal::Bytes> mac(hal::ByteView message);
  hal::Result<hal::Bytes> data_object_for(hal::ByteView plain, bool odd_ins);
  hal::Result<hal::Bytes> open_data_object(std::uint16_t tag, hal::ByteView value, const char* what);

  BlockCipher cipher_;
  hal::Bytes k_enc_;
  hal::Bytes k_mac_;
  hal::Bytes ssc_;
};

}  // namespace station::card::access
