// Everything personalisation puts on one card, computed before the first
// APDU: the files (EF.SOD signed over the data groups) and the secrets PUT
// DATA loads. Made once per card and kept in the journal, so a resumed
// personalisation writes the very same bytes (the chip keys are random and
// an ECDSA signature is too).
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "hal/key_store.hpp"
#include "station/card/holder_data.hpp"
#include "station/card/lds_files.hpp"

namespace station::card {

struct CardFile {
  LdsFile file;
  hal::Bytes content;
};

struct CardSecret {
  std::uint16_t tag = 0;  // PUT DATA P1-P2 (card_files.hpp data_object)
  std::string name;       // "AA private key": for progress and errors only
  hal::Bytes value;
};

struct CardImage {
  std::vector<CardFile> files;     // in writing order, EF.SOD last
  std::vector<CardSecret> secrets; // loaded before EF.SOD is written
  std::string mrz;                 // 90 characters, for the officer and the read-back
  std::string document_number;

  const CardFile* find(LdsFile file) const;
  const CardSecret* secret(std::uint16_t tag) const;
  std::size_t total_file_bytes() const;
};

struct ImageOptions {
  hal::KeyStore* keys = nullptr;
  std::string signer_key = "document-signer";
  std::time_t signing_time = 0;     // 0: now
  std::size_t face_bytes = 20000;   // JPEG 2000 target for the face
};

// Validates the holder data, encodes the face, makes the chip's AA and CA
// key pairs and signs EF.SOD through the key store. Errors: kInvalidArgument
// (holder data), the key store's (kNotFound: no document-signer key), kInternal.
hal::Result<CardImage> build_card_image(const CardHolderData& holder, const ImageOptions& options);

// A byte form for the journal (a versioned TLV list). parse: kCorrupt.
hal::Bytes serialize_image(const CardImage& image);
hal::Result<CardImage> parse_image(hal::ByteView bytes);

// The data groups of an image (or of a card read back) by number, for
// Passive Authentication.
std::map<int, hal::Bytes> data_groups_of(const std::vector<CardFile>& files);

}  // namespace station::card
