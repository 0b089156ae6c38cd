// The personalisation journal: a folder (the state dir) holding the card
// image being written and an append-only log of what was done, each line
// flushed to disk before the next APDU. A personalisation that stops (card
// pulled, power cut, crash) resumes from it with the very same bytes.
//
//   <state dir>/image.bin     the CardImage (secrets included: mode 0600),
//                             written once, atomically; removed when done
//   <state dir>/journal.log   one event per line: "begin <document number>
//                             <binding>" (binding: what the image was made
//                             from, e.g. the dossier id and its sealed hash),
//                             "written <file>", "kept <file>", "secrets",
//                             "locked", "done", "resume"
//
// The folder is the station's alone (0700): the image holds the holder's data
// and the chip's private keys.
//
// A torn last line (no newline) is ignored: it is an event whose effect the
// card either has or not, and the engine re-checks the card anyway.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "hal/result.hpp"
#include "station/card/card_image.hpp"

namespace station::card {

class Journal {
 public:
  // Opens (creating the folder 0700 if needed, tightening an existing one to
  // 0700) and reads the log. Errors: kIo.
  static hal::Result<Journal> open(const std::filesystem::path& state_dir);

  // A personalisation has begun and is not done.
  bool in_progress() const { return begun_ && !done_; }
  bool done() const { return done_; }
  // The document number the journal's personalisation is for.
  const std::string& document_number() const { return document_number_; }
  // What its image was made from, as given to begin(); a resume needs the
  // same (a re-enrollment of the same citizen has the same document number
  // but another dossier).
  const std::string& binding() const { return binding_; }
  const std::vector<std::string>& events() const { return events_; }

  // Stores the image and logs "begin" with `binding` (no spaces).
  // Errors: kInvalidArgument (a space in `binding`), kIo, kNoSpace.
  hal::Status begin(const CardImage& image, const std::string& binding = {});
  // The stored image. kNotFound, kCorrupt.
  hal::Result<CardImage> image() const;
  // Appends one event line and flushes it. Errors: kIo, kNoSpace.
  hal::Status record(const std::string& event);
  // Logs "done" and deletes the image (it holds the chip's private keys).
  hal::Status finish();
  // Forgets everything: a new personalisation may begin.
  hal::Status reset();

  const std::filesystem::path& dir() const { return dir_; }

 private:
  explicit Journal(std::filesystem::path dir) : dir_(std::move(dir)) {}
  void replay(const std::string& line);

  std::filesystem::path dir_;
  std::vector<std::string> events_;
  std::string document_number_;
  std::string binding_;
  bool begun_ = false;
  bool done_ = false;
};

}  // namespace station::card
