// What the card rig tests share: the rig (pcscd, vpcd, card-sim) with a
// PC/SC terminal, the test PKI, a signed card image of the sample holder,
// card-sim state files read back as cards, and the `openssl` checks of
// EF.SOD that do not rely on the station's own code.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "card_test_support.hpp"
#include "drivers/pcsc_card_terminal.hpp"
#include "rig/rig.hpp"
#include "station/card/card_image.hpp"
#include "station/card/journal.hpp"
#include "station/card/passive_authentication.hpp"

namespace card_rig {

struct Fixture {
  card_test::Pki pki;
  card_test::TempDir work;
  station::card::CardImage image;
  std::unique_ptr<rig::Rig> rig;
  std::unique_ptr<drivers::PcscCardTerminal> terminal;  // declared last: goes first
};

// Makes the PKI and the sample holder's image (DG2 of `face_bytes`), starts
// the rig with no card in it. For CMocka setup: 0, or -1 after printing why.
int start(void** state, std::size_t face_bytes = 16000, std::size_t max_apdu_data = 32768);
int stop(void** state);
// Replaces the fixture's terminal with one configured for `max_apdu_data`
// bytes per APDU (0: probe the card). The PKI and image stay: a process
// opens one SoftHSM2 configuration only.
void use_terminal(Fixture& f, std::size_t max_apdu_data);
inline Fixture& fixture(void** state) { return *static_cast<Fixture*>(*state); }

// The journal's image sealed as the station seals it: a data key wrapped to
// the token's "station-rsa".
inline station::card::JournalKey journal_key(Fixture& f) { return {&f.pki.keys(), "station-rsa"}; }

// A blank card keeping its state in `state_file` (none when empty: saving
// every change costs the card milliseconds), with more card-sim switches.
hal::Status insert_blank_card(Fixture& f, const std::filesystem::path& state_file,
                              std::vector<std::string> more_args = {});

// The files of a card saved by card-sim --state, by FID ("" when absent);
// the lifecycle and the PUT DATA objects too.
struct SavedCard {
  std::map<std::uint16_t, hal::Bytes> files;
  std::map<std::uint16_t, hal::Bytes> objects;
  bool locked = false;
  std::string text;  // the file as card-sim wrote it: two equal cards give equal texts
};
SavedCard load_saved_card(const std::filesystem::path& state_file);

// Passive Authentication of a saved card against the test CSCA.
station::card::PaReport passive_authentication_of(const Fixture& f, const SavedCard& card);

// `openssl cms -verify` of EF.SOD against the CSCA, then the LDSSecurityObject
// it yields taken apart by `openssl asn1parse`: true when the signature
// verifies and each data group's SHA-256 (by `openssl dgst`) is the one
// listed. `groups`: data group number -> content.
bool openssl_verifies_sod(const std::filesystem::path& work, const std::filesystem::path& csca_pem,
                          const hal::Bytes& sod_file, const std::map<int, hal::Bytes>& groups);

}  // namespace card_rig
