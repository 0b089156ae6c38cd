#include "sim_options.hpp"

#include <charconv>

namespace card_sim {

const char* const kUsage =
    "usage: card-sim [--port N] [--t0] [--no-extended] [--vanish-at N [--return-after-ms M]]\n"
    "                [--stall-at N] [--connect-timeout-ms M] [--verbose]\n"
    "                [--blank] [--state FILE] [--memory BYTES] [--shrink-files N]\n"
    "\n"
    "Plays an ISO/IEC 7816-4 card to vpcd on 127.0.0.1:PORT (default 35963).\n"
    "  --t0                 answer like a T=0 card: T=0 ATR, 61xx for case 4, 6Cxx for a wrong Le\n"
    "  --no-extended        refuse extended-length APDUs with 6700\n"
    "  --vanish-at N        close the link on receiving command APDU N (1-based), without answering\n"
    "  --return-after-ms M  after vanishing, come back (re-insert) after M ms with the files kept\n"
    "  --stall-at N         never answer command APDU N\n"
    "  --connect-timeout-ms M  how long to retry connecting to vpcd (default 10000)\n"
    "  --verbose            log every APDU to stderr\n"
    "  --blank              a factory-fresh card (EF.DIR and an empty eMRTD application) instead of\n"
    "                       the development layout whose files already exist\n"
    "  --state FILE         start from the card saved in FILE if it exists, and save every change\n"
    "                       there (atomically), so the card outlives the process; also a dump to compare\n"
    "  --memory BYTES       EEPROM for file content (default 131072): CREATE FILE beyond it gets 6A84\n"
    "  --shrink-files N     lie: CREATE FILE keeps N bytes less than asked while the FCP states the\n"
    "                       asked size\n"
    "Exit codes: 0 vpcd closed the link or the card vanished for good, 1 no vpcd, 2 bad arguments or an unreadable --state file.\n";

namespace {

hal::Error bad(const std::string& why) { return hal::make_error(hal::ErrorCode::kInvalidArgument, why); }

hal::Result<std::uint64_t> number(const std::string& flag, const std::string& text, std::uint64_t min,
                                  std::uint64_t max) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return bad(flag + " needs a number from " + std::to_string(min) + " to " + std::to_string(max) + ", not '" + text +
               "'");
  }
  return value;
}

}  // namespace

hal::Result<SimOptions> parse_options(const std::vector<std::string>& args) {
  SimOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::uint64_t min, std::uint64_t max) -> hal::Result<std::uint64_t> {
      if (i + 1 >= args.size()) return bad(a + " needs a value");
      return number(a, args[++i], min, max);
    };
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--t0") {
      o.t0 = true;
    } else if (a == "--no-extended") {
      o.extended_length = false;
    } else if (a == "--verbose") {
      o.verbose = true;
    } else if (a == "--blank") {
      o.blank = true;
    } else if (a == "--state") {
      if (i + 1 >= args.size() || args[i + 1].empty()) return bad("--state needs a file name");
      o.state_file = args[++i];
    } else if (a == "--memory" || a == "--shrink-files") {
      auto v = value(a == "--memory" ? 1 : 0, 16 * 1024 * 1024);
      if (!v) return v.error();
      (a == "--memory" ? o.capacity : o.shrink_files) = static_cast<std::size_t>(*v);
    } else if (a == "--port") {
      auto v = value(1, 65535);
      if (!v) return v.error();
      o.port = static_cast<std::uint16_t>(*v);
    } else if (a == "--vanish-at" || a == "--stall-at") {
      auto v = value(1, UINT64_MAX);
      if (!v) return v.error();
      (a == "--vanish-at" ? o.vanish_at : o.stall_at) = *v;
    } else if (a == "--return-after-ms" || a == "--connect-timeout-ms") {
      auto v = value(0, 3600000);
      if (!v) return v.error();
      std::chrono::milliseconds ms(static_cast<std::int64_t>(*v));
      if (a == "--return-after-ms")
        o.return_after = ms;
      else
        o.connect_patience = ms;
    } else {
      return bad("unknown argument '" + a + "'");
    }
  }
  if (o.return_after && !o.vanish_at) return bad("--return-after-ms only makes sense with --vanish-at");
  return o;
}

}  // namespace card_sim
