// rig-run: starts the virtual device rig, runs one command against it, stops
// the rig, and exits with the command's exit code. The demo and the
// end-to-end tests run through it.
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "rig/child_process.hpp"
#include "rig/rig.hpp"

namespace {

const char* const kUsage =
    "usage: rig-run [--port N] [--token DIR] [--card-args \"ARGS\"] -- COMMAND [ARGS...]\n"
    "\n"
    "Starts a private pcscd with the vpcd reader and card-sim in it, runs COMMAND, stops both.\n"
    "  --port N           vpcd's TCP port (it also takes N+1); default: a free pair\n"
    "  --token DIR        first run tests/rig/make-token DIR (a SoftHSM2 token) and export\n"
    "                     SOFTHSM2_CONF=DIR/softhsm2.conf; skipped with a note if the script is missing\n"
    "  --card-args \"...\"  switches for card-sim, e.g. \"--t0\" or \"--vanish-at 3\" (see card-sim --help)\n"
    "  --help             this text\n"
    "COMMAND sees RIG_READER (the PC/SC reader name), RIG_PORT and RIG_RUN_DIR (logs).\n"
    "SIGINT and SIGTERM are passed on to COMMAND; the rig is stopped whatever happens.\n"
    "Exit codes: COMMAND's own (128+N if killed by signal N), 2 bad arguments, 125 the rig or the\n"
    "token could not be set up, 126 COMMAND cannot be executed, 127 COMMAND not found.\n";

constexpr int kBadArguments = 2;
constexpr int kRigFailed = 125;

struct Arguments {
  rig::RigOptions rig;
  std::string token_dir;
  std::vector<std::string> command;
  bool help = false;
};

std::vector<std::string> split_words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

bool parse(int argc, char** argv, Arguments& out, std::string& error) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--") {
      out.command.assign(argv + i + 1, argv + argc);
      break;
    }
    if (a == "--help" || a == "-h") {
      out.help = true;
      return true;
    }
    if ((a == "--port" || a == "--token" || a == "--card-args") && !has_value) {
      error = a + " needs a value";
      return false;
    }
    if (a == "--port") {
      const std::string v = argv[++i];
      char* end = nullptr;
      const long port = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || port < 1 || port > 65534) {
        error = "--port needs a number from 1 to 65534, not '" + v + "'";
        return false;
      }
      out.rig.port = static_cast<std::uint16_t>(port);
    } else if (a == "--token") {
      out.token_dir = std::filesystem::absolute(argv[++i]).string();
    } else if (a == "--card-args") {
      out.rig.card_args = split_words(argv[++i]);
    } else {
      error = "unknown argument '" + a + "' (the command goes after --)";
      return false;
    }
  }
  if (out.command.empty()) {
    error = "no command given after --";
    return false;
  }
  return true;
}

// Runs make-token and adds SOFTHSM2_CONF to `env`; false when the script failed.
bool make_token(const std::string& dir, std::vector<std::string>& env) {
  const std::string script = rig::make_token_path();
  if (!std::filesystem::exists(script)) {
    // A command that asked for a token and ran without one would test less than it claims.
    std::fprintf(stderr, "rig-run: --token was given but %s does not exist; set RIG_MAKE_TOKEN to the script\n",
                 script.c_str());
    return false;
  }
  auto child = rig::ChildProcess::spawn({{script, dir}, {}, "", true, SIGKILL});
  if (!child) {
    std::fprintf(stderr, "rig-run: %s\n", child.error().describe().c_str());
    return false;
  }
  auto code = child->wait(std::chrono::milliseconds(120000));
  if (!code || *code != 0) {
    std::fprintf(stderr, "rig-run: %s %s failed (%s)\n", script.c_str(), dir.c_str(),
                 code ? ("exit code " + std::to_string(*code)).c_str() : code.error().describe().c_str());
    return false;
  }
  env.push_back("SOFTHSM2_CONF=" + dir + "/softhsm2.conf");
  return true;
}

// Waits for the command, passing SIGINT/SIGTERM on; after a forwarded signal
// the command gets a few seconds to finish before it is killed.
int supervise(rig::ChildProcess& command, const sigset_t& forwarded) {
  std::optional<std::chrono::steady_clock::time_point> kill_at;
  while (command.running()) {
    timespec tick{0, 50 * 1000 * 1000};
    const int sig = sigtimedwait(&forwarded, nullptr, &tick);
    if (sig > 0) {
      command.signal(sig);
      if (!kill_at) kill_at = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    }
    if (kill_at && std::chrono::steady_clock::now() >= *kill_at) return command.stop(std::chrono::milliseconds(0));
  }
  return command.exit_code().value_or(128);
}

int run(const Arguments& args, const sigset_t& forwarded) {
  auto started = rig::Rig::start(args.rig);
  if (!started) {
    std::fprintf(stderr, "rig-run: the rig did not start: %s\n", started.error().describe().c_str());
    return kRigFailed;
  }
  rig::Rig& rig = **started;
  std::vector<std::string> env{"RIG_READER=" + rig.reader_name(), "RIG_PORT=" + std::to_string(rig.port()),
                               "RIG_RUN_DIR=" + rig.run_dir().string()};
  if (!args.token_dir.empty() && !make_token(args.token_dir, env)) return kRigFailed;
  std::fprintf(stderr, "rig-run: reader '%s' (vpcd port %u) ready; running %s\n", rig.reader_name().c_str(),
               static_cast<unsigned>(rig.port()), args.command[0].c_str());
  // The command stays in our process group so it can use the terminal.
  auto command = rig::ChildProcess::spawn({args.command, env, "", false, SIGTERM});
  if (!command) {
    std::fprintf(stderr, "rig-run: %s\n", command.error().describe().c_str());
    return command.error().code == hal::ErrorCode::kNotFound ? 127 : 126;
  }
  return supervise(*command, forwarded);
}

}  // namespace

int main(int argc, char** argv) {
  Arguments args;
  std::string error;
  if (!parse(argc, argv, args, error)) {
    std::fprintf(stderr, "rig-run: %s\n%s", error.c_str(), kUsage);
    return kBadArguments;
  }
  if (args.help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  // Blocked from the start so a signal during start-up is not lost: it is
  // passed on as soon as the command runs.
  sigset_t forwarded;
  sigemptyset(&forwarded);
  sigaddset(&forwarded, SIGINT);
  sigaddset(&forwarded, SIGTERM);
  sigprocmask(SIG_BLOCK, &forwarded, nullptr);
  return run(args, forwarded);
}
