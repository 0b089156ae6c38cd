// The personalisation journal: a folder (the state dir) holding the card
// image being written and an append-only log of what was done, each line
// flushed to disk before the next APDU. A personalisation that stops (card
// pulled, power cut, crash) resumes from it with the very same bytes.
//
//   <state dir>/image.sealed  the CardImage (holder data, MRZ, CAN, the chip's
//                             private keys), sealed under the store's key
//                             hierarchy (station/store/envelope.hpp: a data
//                             key wrapped to the token's wrap key), mode
//                             0600, written once, atomically; removed when
//                             done. Useless without the token.
//   <state dir>/journal.log   one event per line, no citizen data in it:
//                             "begin <binding> <unix seconds>" (binding: what
//                             the image was made from, e.g. the dossier id
//                             and its sealed hash), "written <file>",
//                             "kept <file>", "secrets", "locked", "done",
//                             "resume"
//
// The binding and the time of "begin" are the image's associated data: a log
// edited to name another dossier, or to look younger, no longer opens the
// image. The folder is the station's alone (0700).
//
// A torn last line (no newline) is ignored: it is an event whose effect the
// card either has or not, and the engine re-checks the card anyway.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "hal/key_store.hpp"
#include "hal/result.hpp"
#include "station/card/card_image.hpp"

namespace station::card {

// Where the image's data key is wrapped: the store's key hierarchy.
struct JournalKey {
  hal::KeyStore* keys = nullptr;  // the station's token; null: begin() and image() refuse
  std::string wrap_key = "station-rsa";  // [store] wrap_key
};

class Journal {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  // Opens (creating the folder 0700 if needed, tightening an existing one to
  // 0700) and reads the log. Errors: kIo.
  static hal::Result<Journal> open(const std::filesystem::path& state_dir, JournalKey key);

  // A personalisation has begun and is not done.
  bool in_progress() const { return begun_ && !done_; }
  bool done() const { return done_; }
  // What its image was made from, as given to begin(); a resume needs the
  // same (a re-enrollment of the same citizen has the same document number
  // but another dossier).
  const std::string& binding() const { return binding_; }
  // When the unfinished personalisation began (the epoch for a log of an
  // older format, which holds no time).
  TimePoint begun_at() const { return begun_at_; }
  // Begun at least `max_age` before `now` and not done: abandoned.
  bool expired(TimePoint now, std::chrono::hours max_age) const {
    return in_progress() && now - begun_at_ >= max_age;
  }
  const std::vector<std::string>& events() const { return events_; }

  // Seals and stores the image and logs "begin" with `binding` (no spaces;
  // "" is logged as "-") and the time. Errors: kInvalidArgument (a space in
  // `binding`), kFailedPrecondition (no key store), the key store's, kIo,
  // kNoSpace.
  hal::Status begin(const CardImage& image, const std::string& binding = {});
  // The stored image, for a resume of the personalisation of `binding`.
  // kFailedPrecondition when the journal is for another binding, kNotFound
  // when it holds no image, kCorrupt when the image fails its check (changed,
  // or its log edited), the key store's errors (token absent ...).
  hal::Result<CardImage> image(const std::string& binding) const;
  // Appends one event line and flushes it. Errors: kIo, kNoSpace.
  hal::Status record(const std::string& event);
  // Logs "done" and deletes the image (it holds the chip's private keys).
  hal::Status finish();
  // Forgets everything: a new personalisation may begin.
  hal::Status reset();

  const std::filesystem::path& dir() const { return dir_; }

 private:
  explicit Journal(std::filesystem::path dir, JournalKey key) : dir_(std::move(dir)), key_(std::move(key)) {}
  void replay(const std::string& line);

  std::filesystem::path dir_;
  JournalKey key_;
  std::vector<std::string> events_;
  std::string binding_;
  TimePoint begun_at_{};
  bool begun_ = false;
  bool done_ = false;
};

}  // namespace station::card
