// What the holder gives a reader to open the chip: the MRZ (document number,
// date of birth, date of expiry, ICAO Doc 9303 part 11 section 9.7.2) or the
// six-digit Card Access Number printed on the card (PACE only).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hal/bytes.hpp"
#include "hal/result.hpp"

namespace station::card::access {

struct MrzFields {
  std::string document_number;  // as in the MRZ, '<' fillers allowed ("L898902C<" or "L898902C")
  std::string date_of_birth;    // YYMMDD
  std::string date_of_expiry;   // YYMMDD
};

// Doc 9303 part 3 check digit (weights 7-3-1; digits, A-Z = 10-35, '<' = 0).
// kInvalidArgument on any other character.
hal::Result<char> mrz_check_digit(std::string_view field);

// Document number padded to 9 with '<' + check digit, birth date + check
// digit, expiry date + check digit ("L898902C<369080619406236").
// kInvalidArgument naming the malformed field.
hal::Result<std::string> mrz_information(const MrzFields& fields);

class AccessKey {
 public:
  enum class Kind { kMrz, kCan };

  // Errors: kInvalidArgument naming the field that is malformed.
  static hal::Result<AccessKey> from_mrz(const MrzFields& fields);
  // Errors: kInvalidArgument unless exactly six digits.
  static hal::Result<AccessKey> from_can(std::string_view can);
  // The 20-byte SHA-1 of the MRZ information, as PUT DATA stores it on the
  // card (see put_data.hpp). Errors: kInvalidArgument (not 20 bytes).
  static hal::Result<AccessKey> from_mrz_hash(hal::ByteView hash);

  Kind kind() const { return kind_; }
  // PACE's password pi: SHA-1 of the MRZ information, or the CAN's digits.
  const hal::Bytes& password() const { return password_; }
  // BAC's K_seed: the first 16 bytes of the MRZ hash. kInvalidArgument for a
  // CAN, which BAC cannot use.
  hal::Result<hal::Bytes> bac_seed() const;
  // The password reference of MSE:Set AT (tag 83): 01 MRZ, 02 CAN.
  std::uint8_t pace_reference() const { return kind_ == Kind::kMrz ? 0x01 : 0x02; }
  const char* name() const { return kind_ == Kind::kMrz ? "MRZ" : "CAN"; }

 private:
  AccessKey(Kind kind, hal::Bytes password) : kind_(kind), password_(std::move(password)) {}
  Kind kind_;
  hal::Bytes password_;
};

}  // namespace station::card::access
