// Runs a program to completion and captures what it printed, for tests that
// check a whole program's observable behaviour (output and exit code).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace testing_support {

struct RunResult {
  int exit_code = -1;     // -1 when killed by a signal or timed out
  bool timed_out = false;
  bool killed = false;    // ended by `kill_when` (below)
  std::string out;
  std::string err;
};

// argv[0] is the program path. `env` entries are added to (or override) the
// test's own environment; an empty value removes the variable. The child is
// killed (SIGKILL, whole process group) when `timeout` passes.
RunResult run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
              std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Asked each time the program has printed more, with what it printed so far:
// true kills it there (SIGKILL, whole process group), so a test can cut a
// program at a point of its progress rather than at a moment in time.
using KillWhen = std::function<bool(const RunResult&)>;

// As run(), with `input` as the program's standard input (then its end).
RunResult run_with_input(const std::vector<std::string>& argv, const std::string& input,
                         const std::map<std::string, std::string>& env = {},
                         std::chrono::milliseconds timeout = std::chrono::seconds(60), const KillWhen& kill_when = {});

bool contains(const std::string& haystack, const std::string& needle);

}  // namespace testing_support
