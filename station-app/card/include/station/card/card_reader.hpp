// Reading a card as a citizen's reader does (Doc 9303 part 11 section 4.2):
// EF.CardAccess in plain, then PACE (BAC when the card offers no PACE) with
// the MRZ or the CAN, then the LDS through secure messaging.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "hal/card_terminal.hpp"
#include "station/card/access/access_key.hpp"
#include "station/card/access/open_channel.hpp"
#include "station/card/access/secure_channel.hpp"
#include "station/card/card_image.hpp"

namespace station::card {

struct ReaderAccess {
  hal::Bytes card_access;  // empty when the card has none
  std::unique_ptr<access::SecureChannel> channel;
};

// On a connected terminal. Errors: those of access::read_card_access and
// open_secure_channel (kPermissionDenied for a wrong MRZ or CAN), kCorrupt
// for an EF.CardAccess that does not parse.
hal::Result<ReaderAccess> open_as_reader(hal::CardTerminal& terminal, const access::AccessKey& key,
                                         access::AccessMethod method = access::AccessMethod::kAuto);

// EF.COM, every data group it lists that this station knows, and EF.SOD,
// read through `channel` (the application selected) knowing nothing of their
// sizes. Errors: CardFiles' (kCardStatus naming the file, kCorrupt).
hal::Result<std::vector<CardFile>> read_lds(hal::CardTerminal& channel);

}  // namespace station::card
