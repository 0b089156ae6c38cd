// Opening the chip as a citizen's reader does (ICAO Doc 9303 part 11 section
// 4.2): PACE when EF.CardAccess offers a suite we run, BAC otherwise, then the
// eMRTD application selected under secure messaging.
//
// Reading EF.CardAccess is here; parsing it is station/card/security_infos.hpp
// (parse_card_access): a PACEInfo with protocol id-PACE-ECDH-GM-AES-CBC-CMAC-128
// names its curve by parameter ID, which pace_curve() (ec_math.hpp) maps.
#pragma once

#include <memory>
#include <optional>

#include "station/card/access/access_key.hpp"
#include "station/card/access/ec_math.hpp"
#include "station/card/access/secure_channel.hpp"

namespace station::card::access {

enum class AccessMethod {
  kAuto,  // PACE when the card offers it, else BAC
  kBac,
  kPace,
};

// EF.CardAccess (011C in the MF) read in plain, as a reader must before PACE;
// nullopt when the card has no such file. Selects the MF, then the EF.
// Errors: transmit's, kCardStatus (a read refused otherwise than "not found").
hal::Result<std::optional<hal::Bytes>> read_card_access(hal::CardTerminal& terminal);

// SELECT of the eMRTD application (A0 00 00 02 47 10 01) through `channel`.
// Errors: transmit's, kCardStatus naming the SW.
hal::Result<void> select_emrtd_application(hal::CardTerminal& channel);

// On a freshly connected terminal. `offered` is the PACE curve EF.CardAccess
// offers for our suite (nullopt: none). The channel wraps `terminal`, which
// must outlive it.
// Errors: kPermissionDenied (wrong MRZ or CAN), kUnsupported (kPace asked, or
// a CAN given, but no PACE offered), kInvalidArgument (a CAN with kBac),
// kCardStatus, kCorrupt, kProtocol, and transmit's (kCardRemoved, kTimeout...).
hal::Result<std::unique_ptr<SecureChannel>> open_secure_channel(hal::CardTerminal& terminal, const AccessKey& key,
                                                                std::optional<PaceCurve> offered,
                                                                AccessMethod method = AccessMethod::kAuto,
                                                                const RandomSource& random = system_random());

}  // namespace station::card::access
