// APDU round trip through PcscCardTerminal::transmit next to a bare
// SCardTransmit loop, on the same rig card in the same run, plus what
// extended length saves on a 32 KB file. Prints figures only.
//
// Usage: bench_apdu_roundtrip [APDUS]   (default 2000 per loop)
#include <PCSC/winscard.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>

#include "drivers/pcsc_card_terminal.hpp"
#include "rig/rig.hpp"
#include "cmocka.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using Micros = std::chrono::duration<double, std::micro>;

std::size_t apdu_count = 2000;
constexpr int kRounds = 4;  // loops alternate, so drift during the run hits both
constexpr int kWarmUp = 50;

const hal::Bytes kSelectEmrtd{0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};
const hal::Bytes kSelectDg1{0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x01};
const hal::Bytes kSelectDg2{0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x02};
const hal::Bytes kRead16{0x00, 0xB0, 0x00, 0x00, 0x10};

struct Figures {
  double median = 0, p90 = 0, mean = 0;
};

Figures summarise(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  Figures f;
  f.median = samples[samples.size() / 2];
  f.p90 = samples[samples.size() * 9 / 10];
  f.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(samples.size());
  return f;
}

void check(bool ok, const char* what) {
  if (!ok) fail_msg("%s", what);
}

// The baseline: what any PC/SC program pays per APDU.
void bare_loop(const std::string& reader, std::vector<double>& samples) {
  SCARDCONTEXT context = 0;
  check(SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) == SCARD_S_SUCCESS, "context");
  SCARDHANDLE card = 0;
  DWORD protocol = 0;
  check(SCardConnect(context, reader.c_str(), SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T1, &card, &protocol) ==
            SCARD_S_SUCCESS,
        "SCardConnect");
  hal::Bytes response(MAX_BUFFER_SIZE);
  auto send = [&](const hal::Bytes& apdu) {
    DWORD length = static_cast<DWORD>(response.size());
    LONG rv = SCardTransmit(card, SCARD_PCI_T1, apdu.data(), static_cast<DWORD>(apdu.size()), nullptr, response.data(),
                            &length);
    check(rv == SCARD_S_SUCCESS && length >= 2 && response[length - 2] == 0x90, "bare SCardTransmit");
  };
  send(kSelectEmrtd);
  send(kSelectDg1);
  for (int i = 0; i < kWarmUp; ++i) send(kRead16);
  for (std::size_t i = 0; i < apdu_count / kRounds; ++i) {
    const auto start = Clock::now();
    send(kRead16);
    samples.push_back(Micros(Clock::now() - start).count());
  }
  SCardDisconnect(card, SCARD_LEAVE_CARD);
  SCardReleaseContext(context);
}

hal::CommandApdu command(const hal::Bytes& raw) { return hal::CommandApdu::parse(raw).value(); }

void driver_loop(drivers::PcscCardTerminal& terminal, const std::string& reader, std::vector<double>& samples) {
  check(terminal.connect(reader).ok(), "connect");
  const hal::CommandApdu read = command(kRead16);
  auto send = [&](const hal::CommandApdu& apdu) {
    auto r = terminal.transmit(apdu);
    check(r.ok() && r->sw == 0x9000, "PcscCardTerminal::transmit");
  };
  send(command(kSelectEmrtd));
  send(command(kSelectDg1));
  for (int i = 0; i < kWarmUp; ++i) send(read);
  for (std::size_t i = 0; i < apdu_count / kRounds; ++i) {
    const auto start = Clock::now();
    send(read);
    samples.push_back(Micros(Clock::now() - start).count());
  }
  check(terminal.disconnect(hal::Disposition::kLeave).ok(), "disconnect");
}

// Reads all of DG2 (32 KB) with `chunk` bytes per READ BINARY; returns ms.
double read_dg2(drivers::PcscCardTerminal& terminal, std::size_t chunk) {
  const auto start = Clock::now();
  for (std::size_t at = 0; at < 32768; at += chunk) {
    auto r = terminal.transmit({0x00,
                                0xB0,
                                static_cast<std::uint8_t>(at >> 8),
                                static_cast<std::uint8_t>(at),
                                {},
                                std::min<std::size_t>(chunk, 32768 - at)});
    check(r.ok() && r->sw == 0x9000, "READ BINARY of DG2");
  }
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void print_row(const char* name, const Figures& f) {
  std::printf("  %-22s %9.1f %9.1f %9.1f\n", name, f.median, f.p90, f.mean);
}

void apdu_round_trip(void**) {
  auto rig = rig::Rig::start();
  if (!rig) fail_msg("%s", rig.error().describe().c_str());
  const std::string reader = (*rig)->reader_name();
  drivers::PcscCardTerminal terminal;

  std::vector<double> bare, driver;
  for (int round = 0; round < kRounds; ++round) {
    bare_loop(reader, bare);
    driver_loop(terminal, reader, driver);
  }
  const Figures b = summarise(bare);
  const Figures d = summarise(driver);
  std::printf(
      "\nAPDU round trip: READ BINARY of 16 bytes, T=1, %zu APDUs each in %d alternating loops,\n"
      "pcscd + vpcd + card-sim on loopback (microseconds per APDU)\n",
      bare.size(), kRounds);
  std::printf("  %-22s %9s %9s %9s\n", "", "median", "p90", "mean");
  print_row("bare SCardTransmit", b);
  print_row("PcscCardTerminal", d);
  std::printf("  %-22s %+9.1f %+9.1f %+9.1f   (%+.1f %% at the median)\n", "driver overhead", d.median - b.median,
              d.p90 - b.p90, d.mean - b.mean, 100.0 * (d.median - b.median) / b.median);
  std::printf(
      "  (the driver hands each call to its worker thread and polls up to 300 us for the answer\n"
      "   before sleeping, see drivers/pcsc/src/card_channel.cpp; a core kept awake wakes pcscd and\n"
      "   card-sim sooner, so on an idle VM it can beat the bare loop, which sleeps in pcsc-lite)\n");

  auto caps = terminal.connect(reader);
  check(caps.ok() && caps->extended_length, "connect with extended length");
  check(terminal.transmit(command(kSelectEmrtd)).ok() && terminal.transmit(command(kSelectDg2)).ok(), "select DG2");
  std::vector<double> extended, short_chunks;
  for (int i = 0; i < 20; ++i) {
    extended.push_back(read_dg2(terminal, caps->max_response_data));
    short_chunks.push_back(read_dg2(terminal, hal::kShortMaxLe));
  }
  std::printf("\nReading DG2 (32 768 bytes), median of 20 (milliseconds):\n");
  const std::size_t extended_apdus = (32768 + caps->max_response_data - 1) / caps->max_response_data;
  std::printf("  extended length, %zu-byte READs: %7.2f ms (%zu APDU%s)\n", caps->max_response_data,
              summarise(extended).median, extended_apdus, extended_apdus == 1 ? "" : "s");
  std::printf("  short, 256-byte READs:            %7.2f ms (128 APDUs)\n\n", summarise(short_chunks).median);
  check(terminal.disconnect(hal::Disposition::kLeave).ok(), "disconnect");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) apdu_count = std::max<std::size_t>(kRounds * 10, std::strtoul(argv[1], nullptr, 10));
  const struct CMUnitTest tests[] = {cmocka_unit_test(apdu_round_trip)};
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}
