// The virtual device rig: a private pcscd with the vpcd reader driver on a
// TCP port of our choosing, and card-sim playing the card in it (card.md).
// Tests, benchmarks and rig-run start one; everything it starts is stopped
// by pid when it is destroyed, and by the kernel if this process dies.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "hal/result.hpp"
#include "rig/child_process.hpp"

namespace rig {

struct RigOptions {
  std::uint16_t port = 0;              // vpcd's TCP port (it also takes port + 1); 0 picks a free pair
  bool insert_card = true;             // start card-sim at once
  std::vector<std::string> card_args;  // extra card-sim switches (--t0, --vanish-at N, ...)
  bool wait_for_card = true;           // return only once pcscd sees the card
  std::chrono::milliseconds startup_timeout{10000};
  // How long to wait for another rig on this host, or a foreign pcscd, to go.
  std::chrono::milliseconds host_patience{60000};
  bool quiet = true;  // pcscd and card-sim log to files in run_dir(), not to stderr
};

class HostLock;

class Rig {
 public:
  // Errors: kBusy (another pcscd runs: the message names its pid and command
  // line), kUnavailable (pcscd or card-sim failed to start: the message holds
  // the end of its log), kTimeout, kIo.
  static hal::Result<std::unique_ptr<Rig>> start(const RigOptions& options = {});

  Rig(const Rig&) = delete;
  Rig& operator=(const Rig&) = delete;
  ~Rig();

  // "<friendly name> 00 00", as PC/SC lists it.
  const std::string& reader_name() const { return reader_; }
  std::uint16_t port() const { return port_; }
  const std::filesystem::path& run_dir() const { return run_dir_; }
  pid_t pcscd_pid() const { return pcscd_.pid(); }

  // Starts card-sim with `card_args` (a card enters the reader). With `wait`,
  // returns once pcscd reports it present. Errors: kFailedPrecondition (a card
  // is in), kUnavailable, kTimeout.
  hal::Result<void> insert_card(const std::vector<std::string>& card_args, bool wait = true);
  // Stops card-sim (the card leaves). With `wait`, returns once pcscd reports
  // the reader empty. Errors: kTimeout, kUnavailable.
  // pcsc-lite 1.9.9's client keeps reader states in a process-wide buffer
  // that SCardGetStatusChange fills without a lock: while another thread of
  // this process waits on PC/SC, pass wait = false.
  hal::Result<void> remove_card(bool wait = true);
  // False once card-sim has exited (e.g. it vanished for good).
  bool card_process_running() { return card_.running(); }

  // Stops card-sim, then pcscd; safe to call twice.
  void stop();

 private:
  Rig() = default;
  hal::Result<void> launch(const RigOptions& options);
  hal::Result<void> start_pcscd();
  hal::Error with_log(hal::Error error, const std::string& log_name) const;

  std::unique_ptr<HostLock> lock_;
  std::filesystem::path run_dir_;
  std::uint16_t port_ = 0;
  std::string reader_;
  bool quiet_ = true;
  std::chrono::milliseconds startup_timeout_{10000};
  ChildProcess pcscd_;
  ChildProcess card_;
};

// Paths the build baked in; RIG_CARD_SIM and RIG_MAKE_TOKEN override them.
std::string card_sim_path();
std::string make_token_path();

}  // namespace rig
