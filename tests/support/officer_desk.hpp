// Runs `station` commands that log an officer in, with a synthetic finger on
// libfprint's virtual_image sensor (tests/rig's officer-finger plays it) and
// the PIN lines on standard input, as an officer at the desk would type them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "subprocess.hpp"

namespace testing_support {

struct Touches {
  std::uint64_t seed = 0;       // the finger put down first; 0: nobody touches the sensor
  int count = 1;                // how many times
  std::uint64_t then_seed = 0;  // the finger put down after that (0: the same one)
};

class OfficerDesk {
 public:
  // `config`: the station's --config file. The sensor socket lives in `dir`.
  OfficerDesk(std::string station, std::string config, std::filesystem::path dir);

  // `station --config CONFIG args...` with `input` on stdin while `touches`
  // play on the sensor (`kill_when`: as run_with_input's).
  RunResult run(const std::vector<std::string>& args, const std::string& input, Touches touches,
                std::chrono::milliseconds timeout = std::chrono::seconds(120), const KillWhen& kill_when = {}) const;

  // Adds an account (fails the test unless it succeeds). `as` logs in first
  // with `as_pin` and finger `as_seed` unless empty (the station's first).
  void add(const std::string& id, const std::string& role, const std::string& pin, std::uint64_t seed,
           const std::string& as = "", const std::string& as_pin = "", std::uint64_t as_seed = 0) const;

  // A supervisor (`sup`, PIN `sup_pin`, finger `sup_seed`) activates the
  // account a technician made (fails the test unless it succeeds).
  void activate(const std::string& id, const std::string& sup, const std::string& sup_pin, std::uint64_t sup_seed) const;

  // The environment the station needs to see the sensor, and `extra`.
  std::map<std::string, std::string> env() const;
  void set_env(const std::string& name, const std::string& value) { extra_[name] = value; }
  const std::filesystem::path& socket() const { return socket_; }

 private:
  std::string station_;
  std::string config_;
  std::filesystem::path socket_;
  std::map<std::string, std::string> extra_;
};

}  // namespace testing_support
