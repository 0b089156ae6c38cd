// Personalising a 35 KB LDS on the rig (pcscd + vpcd + card-sim), extended
// length and short APDUs: wall time, APDUs used against the minimum the
// reader's APDU size allows, the host's overhead per APDU against a bare
// SCardTransmit loop replaying the same commands in the same run, and the
// wire time the same exchanges would take on real readers (a model).
// Prints figures only.
//
// Usage: bench_card_personalize [RUNS]   (default 5 per configuration)
#include <PCSC/winscard.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "card_rig.hpp"
#include "station/card/personalization_plan.hpp"
#include "station/card/personalizer.hpp"
#include "cmocka.hpp"

namespace {

using namespace station::card;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

int runs = 5;

// Keeps every command and answer, and when each exchange ended.
class RecordingTerminal final : public hal::CardTerminal {
 public:
  explicit RecordingTerminal(hal::CardTerminal& inner) : inner_(inner) {}
  struct Exchange {
    hal::Bytes command;
    std::size_t response_bytes = 0;
    Clock::time_point start, end;
  };
  std::vector<Exchange> exchanges;

  hal::Result<std::vector<hal::ReaderStatus>> list_readers() override { return inner_.list_readers(); }
  hal::Result<hal::ReaderStatus> wait_for_card(std::string_view r, std::chrono::milliseconds t) override {
    return inner_.wait_for_card(r, t);
  }
  hal::Result<void> wait_for_removal(std::string_view r, std::chrono::milliseconds t) override {
    return inner_.wait_for_removal(r, t);
  }
  hal::Result<hal::ReaderCapabilities> connect(std::string_view r) override { return inner_.connect(r); }
  hal::Result<hal::ReaderCapabilities> capabilities() const override { return inner_.capabilities(); }
  hal::Result<hal::ResponseApdu> transmit(const hal::CommandApdu& c) override {
    auto encoded = c.encode();
    Exchange e{encoded ? *encoded : hal::Bytes{}, 0, Clock::now(), {}};
    auto r = inner_.transmit(c);
    e.end = Clock::now();
    if (r) e.response_bytes = r->data.size() + 2;
    exchanges.push_back(std::move(e));
    return r;
  }
  hal::Result<void> disconnect(hal::Disposition d) override { return inner_.disconnect(d); }

 private:
  hal::CardTerminal& inner_;
};

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Figures {
  std::vector<double> wall_ms;
  std::vector<double> phase_ms;  // the plain commands before PACE
  std::size_t apdus = 0;
  std::size_t plain_apdus = 0;
  std::vector<RecordingTerminal::Exchange> exchanges;
};

// The commands a bare loop can replay on a fresh card with the same answers:
// everything before MSE:Set AT opens PACE.
std::size_t plain_prefix(const std::vector<RecordingTerminal::Exchange>& exchanges) {
  for (std::size_t i = 0; i < exchanges.size(); ++i)
    if (exchanges[i].command.size() > 1 && exchanges[i].command[1] == 0x22) return i;
  return exchanges.size();
}

void check(bool ok, const std::string& what) {
  if (!ok) fail_msg("%s", what.c_str());
}

void personalize_once(card_rig::Fixture& f, const std::vector<std::string>& card_args, const std::string& name,
                      Figures& out) {
  check(card_rig::insert_blank_card(f, {}, card_args).ok(), "insert card");
  check(f.terminal->connect(f.rig->reader_name()).ok(), "connect");
  RecordingTerminal recorder(*f.terminal);
  auto journal = Journal::open(f.work.path() / (name + ".journal"), card_rig::journal_key(f));
  check(journal->reset().ok(), "journal");
  const auto start = Clock::now();
  auto report = personalize_card(recorder, f.image, *journal, [](const std::string&) {});
  const auto end = Clock::now();
  if (!report) fail_msg("%s: %s", name.c_str(), report.error().describe().c_str());
  out.wall_ms.push_back(ms(end - start));
  out.apdus = report->apdus;
  out.plain_apdus = plain_prefix(recorder.exchanges);
  out.phase_ms.push_back(ms(recorder.exchanges[out.plain_apdus - 1].end - recorder.exchanges.front().start));
  out.exchanges = recorder.exchanges;
  (void)f.terminal->disconnect(hal::Disposition::kLeave);
  check(f.rig->remove_card().ok(), "remove card");
}

// The same plain commands through bare SCardTransmit on a fresh card.
double bare_replay_ms(card_rig::Fixture& f, const std::vector<std::string>& card_args, const Figures& figures) {
  check(card_rig::insert_blank_card(f, {}, card_args).ok(), "insert card");
  SCARDCONTEXT context = 0;
  check(SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) == SCARD_S_SUCCESS, "context");
  SCARDHANDLE card = 0;
  DWORD protocol = 0;
  check(SCardConnect(context, f.rig->reader_name().c_str(), SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T1, &card,
                     &protocol) == SCARD_S_SUCCESS,
        "SCardConnect");
  hal::Bytes response(70000);
  const auto start = Clock::now();
  for (std::size_t i = 0; i < figures.plain_apdus; ++i) {
    const hal::Bytes& apdu = figures.exchanges[i].command;
    DWORD length = static_cast<DWORD>(response.size());
    const LONG rv = SCardTransmit(card, SCARD_PCI_T1, apdu.data(), static_cast<DWORD>(apdu.size()), nullptr,
                                  response.data(), &length);
    check(rv == SCARD_S_SUCCESS && length == figures.exchanges[i].response_bytes, "bare SCardTransmit");
  }
  const double elapsed = ms(Clock::now() - start);
  SCardDisconnect(card, SCARD_LEAVE_CARD);
  SCardReleaseContext(context);
  check(f.rig->remove_card().ok(), "remove card");
  return elapsed;
}

// Wire model. T=1 at 115.2 kbit/s: 11 bit times per byte (start, 8 data,
// parity, one guard time), blocks of at most 254 bytes with 4 bytes of
// prologue and LRC, and an R-block (4 bytes) acknowledging each chained block
// but the last. ISO/IEC 14443 at 424 kbit/s: 9 bits per byte (8 + parity),
// frames of at most 256 bytes with PCB and CRC (3 bytes), and a 4-byte R(ACK)
// for each chained frame but the last. No EEPROM time, no frame waiting time.
struct Link {
  const char* name;
  double bits_per_second;
  double bits_per_byte;
  std::size_t max_frame;
  std::size_t frame_overhead;
};

double wire_seconds(const std::vector<RecordingTerminal::Exchange>& exchanges, const Link& link) {
  auto bytes = [&](std::size_t payload) {
    const std::size_t frames = std::max<std::size_t>(1, (payload + link.max_frame - 1) / link.max_frame);
    return payload + frames * link.frame_overhead + (frames - 1) * (link.frame_overhead + 1);
  };
  double total = 0;
  for (const auto& e : exchanges) total += static_cast<double>(bytes(e.command.size()) + bytes(e.response_bytes));
  return total * link.bits_per_byte / link.bits_per_second;
}

void report(const char* title, card_rig::Fixture& f, const std::vector<std::string>& card_args,
            const hal::ReaderCapabilities& caps) {
  Figures figures;
  for (int i = 0; i < runs; ++i) personalize_once(f, card_args, title, figures);
  std::vector<double> bare;
  for (int i = 0; i < runs; ++i) bare.push_back(bare_replay_ms(f, card_args, figures));
  const PersonalizationPlan plan = plan_personalization(f.image, caps);
  std::size_t payload = 0, wire = 0;
  for (const auto& e : figures.exchanges) {
    wire += e.command.size() + e.response_bytes;
    payload += e.response_bytes;
  }
  const double per_apdu_engine = median(figures.phase_ms) / static_cast<double>(figures.plain_apdus);
  const double per_apdu_bare = median(bare) / static_cast<double>(figures.plain_apdus);
  const Link t1{"T=1 at 115.2 kbit/s", 115200, 11, 254, 4};
  const Link nfc{"ISO 14443 at 424 kbit/s", 424000, 9, 256, 3};
  std::printf("\n%s: %zu bytes of LDS files, %zu command bytes + %zu answer bytes on the wire\n", title,
              f.image.total_file_bytes(), wire - payload, payload);
  std::printf("  personalisation (write, read back through PACE, Active Authentication, lock): median %.1f ms of %d\n",
              median(figures.wall_ms), runs);
  std::printf("  APDUs: %zu used, %zu planned, %zu the minimum at %zu/%zu bytes per APDU (%+.0f %%)\n", figures.apdus,
              plan.apdus, plan.minimum_apdus, caps.max_command_data, caps.max_response_data,
              100.0 * (static_cast<double>(figures.apdus) - static_cast<double>(plan.minimum_apdus)) /
                  static_cast<double>(plan.minimum_apdus));
  std::printf("  the %zu plain commands before PACE: engine %.2f ms, bare SCardTransmit replay %.2f ms (medians)\n",
              figures.plain_apdus, median(figures.phase_ms), median(bare));
  std::printf("  host overhead per APDU: %.3f ms (engine %.3f, bare %.3f; includes a journal fsync per file)\n",
              per_apdu_engine - per_apdu_bare, per_apdu_engine, per_apdu_bare);
  for (const Link& link : {t1, nfc}) {
    std::printf("  modelled wire time, %-26s %6.2f s\n", (std::string(link.name) + ":").c_str(),
                wire_seconds(figures.exchanges, link));
  }
}

void personalize_35kb(void** state) {
  card_rig::Fixture& f = card_rig::fixture(state);
  card_rig::use_terminal(f, 32768);
  report("Extended length (32 KB per APDU)", f, {}, {hal::CardProtocol::kT1, 32768, 32768, true});
  card_rig::use_terminal(f, 0);
  report("Short APDUs (card refuses extended length; driver probe)", f, {"--no-extended"},
         {hal::CardProtocol::kT1, 255, 256, false});
  std::printf("\n  (model: no EEPROM write time, which card.md puts at 0.5-2 s per card, nor frame waiting times)\n\n");
}

int setup(void** state) {
  // A face of about 32 KB makes the LDS about 35 KB, as card.md's sizes add up.
  return card_rig::start(state, 31500, 32768);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) runs = std::max(1, std::atoi(argv[1]));
  const struct CMUnitTest tests[] = {cmocka_unit_test(personalize_35kb)};
  return cmocka_run_group_tests(tests, setup, card_rig::stop);
}
