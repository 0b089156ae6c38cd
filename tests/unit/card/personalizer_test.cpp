// The personalisation engine against the simulated card's logic through the
// HAL's fake terminal (no pcscd: tests/card/ does that on the rig). Here the
// whole tearing sweep runs in milliseconds: the card is pulled at every
// command index, put back, and the resumed run must leave the same card as
// an uninterrupted one; at no moment may the card hold a complete EF.SOD
// next to data groups other than the ones it covers.
#include "default_layout.hpp"
#include "fake_card_terminal.hpp"
#include "sim_card.hpp"
#include "state_file.hpp"
#include "station/card/card_files.hpp"
#include "station/card/chip_keys.hpp"
#include "station/card/security_infos.hpp"
#include "station/card/simple_groups.hpp"
#include "station/card/personalization_plan.hpp"
#include "station/card/personalizer.hpp"
#include "station/card/transfer_plan.hpp"
#include "card_test_support.hpp"
#include "cmocka.hpp"
#include "store_fixture.hpp"

namespace {

using namespace station::card;

constexpr const char* kReader = "Fake Reader";

hal::Bytes pattern(std::size_t size, std::uint8_t seed) {
  hal::Bytes b(size);
  for (std::size_t i = 0; i < size; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 7);
  return b;
}

// A card image with files of chosen sizes. The engine moves bytes, so the
// data groups need not be real LDS content; what PACE and Active
// Authentication use at the end (EF.CardAccess, the MRZ key, DG15 and the
// AA key) is real. One key pair for all tests keeps runs comparable.
const ChipKeyPair& aa_key() {
  static const ChipKeyPair key = generate_chip_key(ChipKeyKind::kEcP256).value();
  return key;
}

CardImage image_with_dg2(std::size_t dg2_size) {
  CardImage image;
  image.document_number = "089012345";
  image.files = {{LdsFile::kCardAccess, build_card_access({PaceInfo{}})},
                 {LdsFile::kCom, pattern(23, 2)},
                 {LdsFile::kDg1, pattern(95, 3)},
                 {LdsFile::kDg2, pattern(dg2_size, 4)},
                 {LdsFile::kDg13, pattern(400, 5)},
                 {LdsFile::kDg14, pattern(300, 6)},
                 {LdsFile::kDg15, build_dg15(aa_key().public_key)},
                 {LdsFile::kSod, pattern(1500, 8)}};
  image.secrets = {{data_object::kMrzKey, "MRZ key", pattern(20, 9)},
                   {data_object::kCan, "CAN", {'1', '2', '3', '4', '5', '6'}},
                   {data_object::kAaPrivateKey, "AA key", aa_key().private_key},
                   {data_object::kCaPrivateKey, "CA key", [] { auto k = pattern(138, 11); k[0] = 0x30; return k; }()}};
  return image;
}

hal::ReaderCapabilities extended() { return {hal::CardProtocol::kT1, 32768, 32768, true}; }
hal::ReaderCapabilities short_apdus() { return {hal::CardProtocol::kT1, 255, 256, false}; }

struct Bench {
  card_sim::SimCard card;
  hal::FakeCardTerminal terminal;
  card_test::TempDir dir;
  Journal journal;

  explicit Bench(hal::ReaderCapabilities caps, card_sim::SimCardOptions options = {},
                 std::size_t memory = card_sim::kDefaultCapacity)
      : card(card_sim::blank_layout(memory), options), journal(Journal::open(dir.path() / "state", {}).value()) {
    terminal.add_reader(kReader);
    terminal.set_capabilities(caps);
    insert();
  }

  void insert() {
    card.reset();
    terminal.insert_card(kReader, {0x3B, 0x00}, [this](const hal::CommandApdu& c) {
      return hal::ResponseApdu::parse(card.process(c.encode().value())).value();
    });
    terminal.pull_card_at(SIZE_MAX);
  }

  hal::Result<PersonalizeReport> run(const CardImage& image) {
    auto connected = terminal.connect(kReader);
    if (!connected) return connected.error();
    return personalize_card(terminal, image, journal, [](const std::string&) {});
  }

  std::string dump() const { return card_sim::serialize_state(card.state()); }
};

const card_sim::ElementaryFile* find_ef(const card_sim::CardState& state, std::uint16_t fid) {
  for (const auto& ef : state.files.master_files())
    if (ef.fid == fid) return &ef;
  for (const auto& df : state.files.applications())
    for (const auto& ef : df.files)
      if (ef.fid == fid) return &ef;
  return nullptr;
}

void expect_card_holds(const Bench& b, const CardImage& image) {
  for (const auto& f : image.files) {
    const auto* ef = find_ef(b.card.state(), info(f.file).fid);
    assert_non_null(ef);
    assert_true(ef->content == f.content);
  }
  for (const auto& s : image.secrets) assert_true(b.card.state().data_objects.at(s.tag) == s.value);
  assert_true(b.card.state().locked());
}

void transfer_chunks(void**) {
  // Short APDUs: 255 per UPDATE, 256 per READ.
  auto w = write_chunks(600, 255);
  assert_int_equal(w.size(), 3);
  assert_true(w[2] == (Chunk{510, 90, false}));
  // Extended, a 40 000-byte file: the first command reaches past 32 767 from
  // offset 0; the second starts beyond it, so it is odd INS and its room
  // shrinks by DO 54 (54 02 xx xx) and DO 53's header (53 82 xx xx).
  w = write_chunks(40000, 32768);
  assert_int_equal(w.size(), 2);
  assert_true(w[0] == (Chunk{0, 32768, false}));
  assert_true(w[1] == (Chunk{32768, 7232, true}));
  w = write_chunks(70000, 32768);
  assert_true(w[2] == (Chunk{65528, 4472, true}));
  assert_int_equal(w[1].length, 32768 - 8);
  auto r = read_chunks(40000, 32768);
  assert_true(r[1] == (Chunk{32768, 7232, true}));
  r = read_chunks(300, 256, 32700);
  assert_true(r[0] == (Chunk{32700, 256, false}));
  assert_true(r[1] == (Chunk{32956, 44, true}));
  assert_int_equal(odd_ins_overhead(40000, 300), 8);
  assert_int_equal(minimum_apdus(35000, 255), 138);
  assert_int_equal(minimum_apdus(0, 255), 0);
}

void personalises_a_blank_card_in_the_planned_apdus(void**) {
  for (auto caps : {extended(), short_apdus()}) {
    Bench b(caps);
    const CardImage image = image_with_dg2(20000);
    auto report = b.run(image);
    ASSERT_OK(report);
    expect_card_holds(b, image);
    const auto plan = plan_personalization(image, caps);
    assert_int_equal(report->apdus, plan.apdus);
    assert_int_equal(b.terminal.sent().size(), plan.apdus);
    assert_int_equal(report->files_written, 8);
    print_message("%zu-byte APDUs: %zu sent, %zu minimum\n", caps.max_command_data, report->apdus, plan.minimum_apdus);
    // Writes after the lock are refused: the engine only checks a locked card.
    auto again = b.run(image);
    ASSERT_OK(again);
    assert_true(again->already_locked);
    assert_int_equal(again->files_written, 0);
  }
}

void large_files_use_odd_ins(void**) {
  // Extended: DG2's second UPDATE starts past 32 767. Short: so do the last
  // UPDATEs and the READs of the secured read-back.
  for (auto caps : {extended(), short_apdus()}) {
    Bench b(caps);
    const CardImage image = image_with_dg2(caps.extended_length ? 40000 : 33000);
    auto report = b.run(image);
    ASSERT_OK(report);
    expect_card_holds(b, image);
    assert_int_equal(report->apdus, plan_personalization(image, caps).apdus);
    std::size_t odd_updates = 0, odd_reads = 0;
    for (const auto& c : b.terminal.sent()) {
      odd_updates += c.ins == 0xD7;
      odd_reads += c.ins == 0xB1;
    }
    assert_int_equal(odd_updates, 1);
    if (!caps.extended_length) assert_true(odd_reads >= 1);
  }
}

// The state of a card after an uninterrupted run.
std::string reference_dump(const CardImage& image, hal::ReaderCapabilities caps) {
  Bench b(caps);
  assert_true(b.run(image).ok());
  return b.dump();
}

// At no point may the card carry the image's complete EF.SOD while a data
// group differs from the image: that card would pass Passive Authentication.
void expect_never_half_valid(const Bench& b, const CardImage& image) {
  const auto* sod = find_ef(b.card.state(), info(LdsFile::kSod).fid);
  if (!sod || sod->content != image.find(LdsFile::kSod)->content) return;
  for (const auto& f : image.files) {
    const auto* ef = find_ef(b.card.state(), info(f.file).fid);
    assert_non_null(ef);
    assert_true(ef->content == f.content);
  }
  for (const auto& s : image.secrets) assert_true(b.card.state().data_objects.count(s.tag));
}

void sweep(hal::ReaderCapabilities caps, std::size_t dg2_size) {
  const CardImage image = image_with_dg2(dg2_size);
  const std::string reference = reference_dump(image, caps);
  const std::size_t total = plan_personalization(image, caps).apdus;
  for (std::size_t k = 0; k < total; ++k) {
    Bench b(caps);
    b.terminal.pull_card_at(k);
    auto first = b.run(image);
    assert_false(first.ok());
    assert_int_equal(first.error().code, hal::ErrorCode::kCardRemoved);
    expect_never_half_valid(b, image);
    b.insert();
    auto resumed = b.run(image);
    if (!resumed.ok()) fail_msg("pulled at %zu: resume failed: %s", k, resumed.error().describe().c_str());
    if (b.dump() != reference) fail_msg("pulled at %zu: the card differs from an uninterrupted one", k);
  }
  print_message("pulled at each of %zu commands (%zu-byte APDUs): every resumed card is identical\n", total,
                caps.max_command_data);
}

void tearing_at_every_command(void**) {
  sweep(extended(), 40000);
  sweep(short_apdus(), 3000);
}

void a_card_that_lies_about_its_sizes(void**) {
  Bench b(extended(), {false, true, 16});
  auto r = b.run(image_with_dg2(5000));
  assert_false(r.ok());
  assert_int_equal(r.error().code, hal::ErrorCode::kCardStatus);
  assert_non_null(strstr(r.error().message.c_str(), "UPDATE BINARY of EF.CardAccess"));
  Bench reads(short_apdus(), {false, true, 16});
  // Short writes stop at the lie too; the refusal names the status word.
  auto s = reads.run(image_with_dg2(5000));
  assert_non_null(strstr(s.error().message.c_str(), "6700"));
}

void a_full_card(void**) {
  Bench b(extended(), {}, 16000);
  auto r = b.run(image_with_dg2(20000));
  assert_int_equal(r.error().code, hal::ErrorCode::kCardStatus);
  assert_non_null(strstr(r.error().message.c_str(), "6A84"));
  assert_non_null(strstr(r.error().message.c_str(), "CREATE FILE DG2 (0102) of 20000 bytes"));
}

void a_card_made_for_other_data(void**) {
  Bench b(extended());
  b.terminal.pull_card_at(12);
  assert_false(b.run(image_with_dg2(20000)).ok());
  b.insert();
  auto r = b.run(image_with_dg2(21000));
  assert_int_equal(r.error().code, hal::ErrorCode::kFailedPrecondition);
  assert_non_null(strstr(r.error().message.c_str(), "DG2 is already on the card with 20000 bytes"));
}

void a_card_locked_with_other_data(void**) {
  Bench b(extended());
  ASSERT_OK(b.run(image_with_dg2(2000)));
  CardImage other = image_with_dg2(2000);
  other.files[2].content[5] ^= 1;
  auto r = b.run(other);
  assert_int_equal(r.error().code, hal::ErrorCode::kFailedPrecondition);
  assert_non_null(strstr(r.error().message.c_str(), "locked and does not hold this personalisation (DG1 differs from byte 5)"));
}

void unexpected_status_words_are_named(void**) {
  Bench b(extended());
  int updates = 0;
  b.terminal.insert_card(kReader, {0x3B, 0x00}, [&](const hal::CommandApdu& c) {
    if (c.ins == 0xD6 && ++updates == 3) return hal::ResponseApdu{{}, 0x6581};
    return hal::ResponseApdu::parse(b.card.process(c.encode().value())).value();
  });
  auto r = b.run(image_with_dg2(2000));
  assert_int_equal(r.error().code, hal::ErrorCode::kCardStatus);
  assert_non_null(strstr(r.error().message.c_str(), "6581 memory failure"));
  assert_non_null(strstr(r.error().message.c_str(), "UPDATE BINARY of DG1"));
}

// The image (sealed with the station's RSA key, made by OpenSSL here) is
// written once a card is in, not before.
void journal_image_waits_for_a_card(void**) {
  Bench b(extended());
  store_test::StationKeys keys;
  keys.write();
  const auto key_store = keys.open();
  b.journal = Journal::open(b.dir.path() / "state", {key_store.get(), "station-rsa"}).value();
  b.terminal.remove_card(kReader);
  ResumeOptions options;
  options.wait = std::chrono::milliseconds(50);
  options.binding = "dossier:d-1:aa11";
  auto run = personalize_with_resume(b.terminal, image_with_dg2(100), b.journal, options, [](const std::string&) {});
  assert_false(run.ok());
  assert_false(b.journal.in_progress());
  assert_false(std::filesystem::exists(b.dir.path() / "state" / "image.sealed"));
  // With the card in, the image and its binding are there for a resume.
  b.insert();
  ASSERT_OK(personalize_with_resume(b.terminal, image_with_dg2(100), b.journal, options, [](const std::string&) {}));
  assert_string_equal(b.journal.binding().c_str(), "dossier:d-1:aa11");
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(transfer_chunks),
      cmocka_unit_test(personalises_a_blank_card_in_the_planned_apdus),
      cmocka_unit_test(large_files_use_odd_ins),
      cmocka_unit_test(tearing_at_every_command),
      cmocka_unit_test(a_card_that_lies_about_its_sizes),
      cmocka_unit_test(a_full_card),
      cmocka_unit_test(a_card_made_for_other_data),
      cmocka_unit_test(a_card_locked_with_other_data),
      cmocka_unit_test(unexpected_status_words_are_named),
      cmocka_unit_test(journal_image_waits_for_a_card),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
