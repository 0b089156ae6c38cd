// The card journal on disk (issue 14 point 2): a private folder, an image
// sealed under the store's key hierarchy (the real key-file backend over an
// RSA key OpenSSL made in the test) so that no byte of the holder's data or
// the chip's keys is there in clear, bound to its source and its start time
// so that a changed image, an edited log or another dossier is refused, and
// an age after which it counts as abandoned.
#include <algorithm>
#include <fstream>
#include <iterator>

#include "card_test_support.hpp"
#include "cmocka.hpp"
#include "station/card/card_files.hpp"
#include "station/card/journal.hpp"
#include "store_fixture.hpp"

namespace {

using namespace station::card;
namespace fs = std::filesystem;
using std::chrono::hours;

constexpr const char* kBinding = "dossier:d-1:aa11";
constexpr const char* kMrz =
    "IDVNM0890123458001089012345<<<8905173M3406012VNM<<<<<<<<<<<4NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<<<";

store_test::StationKeys& station_keys() {
  static store_test::StationKeys keys;
  return keys;
}

struct Keys {
  std::unique_ptr<hal::KeyStore> store = station_keys().open();
  JournalKey key() const { return {store.get(), "station-rsa"}; }
};

hal::Bytes text(std::string_view s) { return hal::Bytes(s.begin(), s.end()); }

hal::Bytes key_like(std::size_t size, std::uint8_t seed) {
  hal::Bytes b(size);
  for (std::size_t i = 0; i < size; ++i) b[i] = static_cast<std::uint8_t>(seed * 31 + i * 13 + (i >> 3));
  b[0] = 0x30;
  return b;
}

// What a citizen's card image holds that must never be on disk in clear.
CardImage citizen_image() {
  CardImage image;
  image.document_number = "089012345";
  image.mrz = kMrz;
  image.files = {{LdsFile::kDg1, text(std::string("\x61\x5B\x5F\x1F\x58", 5) + kMrz)},
                 {LdsFile::kDg13, text("NGUYEN VAN AN; 12 Hang Bac, Ha Noi")},
                 {LdsFile::kDg2, key_like(4000, 4)},
                 {LdsFile::kSod, key_like(1500, 8)}};
  image.secrets = {{data_object::kCan, "CAN", text("493817")},
                   {data_object::kAaPrivateKey, "AA key", key_like(121, 7)},
                   {data_object::kCaPrivateKey, "CA key", key_like(138, 11)}};
  return image;
}

hal::Bytes file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return hal::Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const fs::path& path, const hal::Bytes& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(bytes.data()),
                                                                static_cast<std::streamsize>(bytes.size()));
}

bool holds(const hal::Bytes& haystack, const hal::Bytes& needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

int mode_of(const fs::path& path) { return static_cast<int>(fs::status(path).permissions() & fs::perms::all); }

int make_keys(void**) {
  station_keys().write();
  return 0;
}

void journal_folder_is_private(void**) {
  card_test::TempDir dir;
  Keys keys;
  ASSERT_OK(Journal::open(dir.path() / "fresh" / "state", keys.key()));
  assert_int_equal(mode_of(dir.path() / "fresh" / "state"), 0700);
  // A folder made earlier with the umask's rights is tightened.
  fs::create_directories(dir.path() / "old");
  fs::permissions(dir.path() / "old", fs::perms(0755));
  ASSERT_OK(Journal::open(dir.path() / "old", keys.key()));
  assert_int_equal(mode_of(dir.path() / "old"), 0700);
}

// Every file of the journal, byte for byte: no MRZ, document number, name,
// address, CAN or private key, whole or as its longer pieces.
void journal_on_disk_holds_no_clear_text(void**) {
  card_test::TempDir dir;
  Keys keys;
  auto journal = Journal::open(dir.path() / "state", keys.key());
  ASSERT_OK(journal);
  const CardImage image = citizen_image();
  ASSERT_OK(journal->begin(image, kBinding));
  ASSERT_OK(journal->record("written DG1"));
  std::vector<hal::Bytes> secrets = {text(kMrz), text(std::string(kMrz).substr(60)), text("089012345"),
                                     text("NGUYEN"), text("Hang Bac"), text("493817")};
  for (const auto& secret : image.secrets) secrets.push_back(hal::Bytes(secret.value.begin() + 1, secret.value.end()));
  const hal::Bytes& dg2 = image.find(LdsFile::kDg2)->content;
  secrets.push_back(hal::Bytes(dg2.begin() + 100, dg2.begin() + 164));
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path() / "state")) {
    ++files;
    assert_int_equal(mode_of(entry.path()), 0600);
    const hal::Bytes bytes = file_bytes(entry.path());
    for (std::size_t i = 0; i < secrets.size(); ++i) {
      if (holds(bytes, secrets[i])) fail_msg("%s holds secret %zu in clear", entry.path().c_str(), i);
    }
  }
  assert_int_equal(files, 2);  // the sealed image and the log
  auto reopened = Journal::open(dir.path() / "state", keys.key());
  ASSERT_OK(reopened);
  auto stored = reopened->image(kBinding);
  ASSERT_OK(stored);
  assert_true(serialize_image(*stored) == serialize_image(image));
}

// Any changed byte of the sealed image (header, wrapped key, nonce,
// ciphertext, tag) is refused with a message naming the journal.
void a_changed_image_is_refused(void**) {
  card_test::TempDir dir;
  Keys keys;
  auto journal = Journal::open(dir.path() / "state", keys.key());
  ASSERT_OK(journal);
  ASSERT_OK(journal->begin(citizen_image(), kBinding));
  const fs::path path = dir.path() / "state" / "image.sealed";
  const hal::Bytes sealed = file_bytes(path);
  for (std::size_t at : {std::size_t{2}, std::size_t{8}, std::size_t{100}, std::size_t{270}, std::size_t{300},
                         sealed.size() / 2, sealed.size() - 20, sealed.size() - 1}) {
    hal::Bytes changed = sealed;
    changed[at] ^= 0x01;
    write_bytes(path, changed);
    auto image = journal->image(kBinding);
    if (image.ok()) fail_msg("byte %zu changed, the image still opens", at);
    assert_int_equal(image.error().code, hal::ErrorCode::kCorrupt);
    assert_non_null(strstr(image.error().message.c_str(), "fails its check"));
    assert_non_null(strstr(image.error().message.c_str(), "--restart"));
  }
  write_bytes(path, hal::Bytes(sealed.begin(), sealed.begin() + 40));
  assert_int_equal(journal->image(kBinding).error().code, hal::ErrorCode::kCorrupt);
  write_bytes(path, sealed);
  ASSERT_OK(journal->image(kBinding));
}

// The log names the image's source and start time in clear: edited to
// another dossier, or to look younger than it is, the image no longer opens.
void an_edited_log_is_refused(void**) {
  card_test::TempDir dir;
  Keys keys;
  const fs::path log = dir.path() / "state" / "journal.log";
  {
    auto journal = Journal::open(dir.path() / "state", keys.key());
    ASSERT_OK(journal);
    ASSERT_OK(journal->begin(citizen_image(), kBinding));
  }
  const hal::Bytes original = file_bytes(log);
  std::string line(original.begin(), original.end());
  const std::string begun = line.substr(line.rfind(' ') + 1, line.size() - line.rfind(' ') - 2);

  write_bytes(log, text("begin dossier:d-2:bb22 " + begun + "\n"));
  auto moved = Journal::open(dir.path() / "state", keys.key());
  ASSERT_OK(moved);
  auto image = moved->image("dossier:d-2:bb22");
  assert_false(image.ok());
  assert_int_equal(image.error().code, hal::ErrorCode::kCorrupt);
  assert_non_null(strstr(image.error().message.c_str(), "dossier:d-2:bb22"));

  write_bytes(log, text(std::string("begin ") + kBinding + " " + std::to_string(std::stoll(begun) + 3600) + "\n"));
  auto younger = Journal::open(dir.path() / "state", keys.key());
  ASSERT_OK(younger);
  assert_int_equal(younger->image(kBinding).error().code, hal::ErrorCode::kCorrupt);

  write_bytes(log, original);
  auto restored = Journal::open(dir.path() / "state", keys.key());
  ASSERT_OK(restored);
  ASSERT_OK(restored->image(kBinding));
}

// A re-enrollment of the same citizen (same document number, another
// dossier) does not resume the old image: refused, naming both.
void another_dossier_is_refused(void**) {
  card_test::TempDir dir;
  Keys keys;
  auto journal = Journal::open(dir.path() / "state", keys.key());
  ASSERT_OK(journal);
  ASSERT_OK(journal->begin(citizen_image(), kBinding));
  auto image = journal->image("dossier:d-2:bb22");
  assert_false(image.ok());
  assert_int_equal(image.error().code, hal::ErrorCode::kFailedPrecondition);
  assert_non_null(strstr(image.error().message.c_str(), "is for dossier:d-1:aa11, not for dossier:d-2:bb22"));
  assert_non_null(strstr(image.error().message.c_str(), "--restart"));
  assert_int_equal(journal->begin(citizen_image(), "two words").error().code, hal::ErrorCode::kInvalidArgument);
}

// Without the token nothing is written, and nothing opens.
void the_image_needs_the_token(void**) {
  card_test::TempDir dir;
  auto journal = Journal::open(dir.path() / "state", {nullptr, "station-rsa"});
  ASSERT_OK(journal);
  auto begun = journal->begin(citizen_image(), kBinding);
  assert_int_equal(begun.error().code, hal::ErrorCode::kFailedPrecondition);
  assert_false(fs::exists(dir.path() / "state" / "image.sealed"));
  Keys keys;
  auto sealed = Journal::open(dir.path() / "other", keys.key());
  ASSERT_OK(sealed);
  ASSERT_OK(sealed->begin(citizen_image(), kBinding));
  auto no_token = Journal::open(dir.path() / "other", {nullptr, "station-rsa"});
  ASSERT_OK(no_token);
  assert_int_equal(no_token->image(kBinding).error().code, hal::ErrorCode::kFailedPrecondition);
  // The EC key cannot unwrap what the RSA key wrapped.
  auto wrong_key = Journal::open(dir.path() / "other", {keys.store.get(), "station-ec"});
  ASSERT_OK(wrong_key);
  assert_false(wrong_key->image(kBinding).ok());
}

// Abandoned: begun at least the configured age ago and not done. A log of
// the older format (no time in it) counts as abandoned at once.
void an_unfinished_journal_expires(void**) {
  card_test::TempDir dir;
  Keys keys;
  auto journal = Journal::open(dir.path() / "state", keys.key());
  ASSERT_OK(journal);
  assert_false(journal->expired(std::chrono::system_clock::now() + hours(1000), hours(48)));
  ASSERT_OK(journal->begin(citizen_image(), kBinding));
  const auto begun = journal->begun_at();
  assert_false(journal->expired(begun + hours(47), hours(48)));
  assert_true(journal->expired(begun + hours(48), hours(48)));
  ASSERT_OK(journal->finish());
  assert_false(journal->expired(begun + hours(480), hours(48)));
  assert_false(fs::exists(dir.path() / "state" / "image.sealed"));

  write_bytes(dir.path() / "state" / "journal.log", text("begin 089012345 dossier:d-1:aa11\n"));
  write_bytes(dir.path() / "state" / "image.bin", text(kMrz));
  auto old = Journal::open(dir.path() / "state", keys.key());
  ASSERT_OK(old);
  assert_true(old->expired(std::chrono::system_clock::now(), hours(720)));
  ASSERT_OK(old->reset());
  assert_false(fs::exists(dir.path() / "state" / "image.bin"));
}

void journal_keeps_the_image_and_the_events(void**) {
  card_test::TempDir dir;
  Keys keys;
  auto journal = Journal::open(dir.path() / "state", keys.key());
  ASSERT_OK(journal);
  assert_false(journal->in_progress());
  const CardImage image = citizen_image();
  ASSERT_OK(journal->begin(image));
  ASSERT_OK(journal->record("written DG1"));
  // A line cut short by a power loss is ignored.
  std::ofstream(dir.path() / "state" / "journal.log", std::ios::app) << "writt";
  auto reopened = Journal::open(dir.path() / "state", keys.key());
  ASSERT_OK(reopened);
  assert_true(reopened->in_progress());
  assert_int_equal(reopened->events().size(), 2);
  auto stored = reopened->image("");
  ASSERT_OK(stored);
  assert_true(serialize_image(*stored) == serialize_image(image));
  ASSERT_OK(reopened->finish());
  assert_true(reopened->done());
  assert_int_equal(reopened->image("").error().code, hal::ErrorCode::kNotFound);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(journal_folder_is_private),
      cmocka_unit_test(journal_on_disk_holds_no_clear_text),
      cmocka_unit_test(a_changed_image_is_refused),
      cmocka_unit_test(an_edited_log_is_refused),
      cmocka_unit_test(another_dossier_is_refused),
      cmocka_unit_test(the_image_needs_the_token),
      cmocka_unit_test(an_unfinished_journal_expires),
      cmocka_unit_test(journal_keeps_the_image_and_the_events),
  };
  return cmocka_run_group_tests(tests, make_keys, nullptr);
}
