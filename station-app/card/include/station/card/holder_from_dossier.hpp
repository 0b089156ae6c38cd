// A sealed dossier as the card needs it: the MRZ names, the dates of issue
// and expiry the law sets, DG13's national data and the face in pixels.
#pragma once

#include <string>

#include "hal/result.hpp"
#include "station/card/holder_data.hpp"
#include "station/dossier/dossier.hpp"

namespace station::card {

struct IssueDetails {
  PartialDate date_of_issue;  // today, at the desk
  std::string can;             // 6 digits printed on the card (random_can())
};

// Errors: kInvalidArgument naming the field the card cannot carry (a name
// with one word, an unknown sex, no date of birth), kUnsupported when the
// face is not JPEG 2000, kCorrupt when it does not decode.
hal::Result<CardHolderData> holder_from_dossier(const dossier::Dossier& dossier, const IssueDetails& issue);

// When a card issued on `issue` to someone born on `birth` expires. The Law on
// Identification (2023, art. 21) has the card renewed at 14, 25, 40 and 60
// years of age, and a card issued in the two years before one of those ages
// lasts to the next. From 58 on the card has no end; the MRZ must carry a
// date, so it is the 100th birthday. An unknown month or day counts as the
// first, so that the card never outlives the law's date.
PartialDate date_of_expiry(const PartialDate& birth, const PartialDate& issue);

// Six random digits (OpenSSL's DRBG) for the card's access number.
hal::Result<std::string> random_can();

}  // namespace station::card
