// The writer processes of the power-cut tests: started, fed nothing, read
// line by line (one event per line, see the writer's protocol), and killed
// with SIGKILL at a point chosen by the test.
#pragma once

#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace store_test {

// When a round's writer dies: during start-up, `delay` after it started;
// else `delay` after its `acks`-th acknowledged step ("ack ..." line).
// Counting steps, not time, keeps the work per round the same on a busy
// machine; the delay puts the kill anywhere inside a step.
struct KillPlan {
  bool during_startup = false;
  int acks = 0;
  std::chrono::microseconds delay{0};
};

// One in eight during start-up (within 60 ms), else after 1..max_acks steps
// and up to 8 ms.
KillPlan random_kill_plan(std::mt19937_64& random, int max_acks);

struct Round {
  std::vector<std::string> lines;  // every complete line the writer wrote
  std::string errors;              // its standard error
};

// Runs `argv` until `plan` kills it; fails the test (naming `round`) when the
// writer ends by itself or is not ready ("ready" line) within 60 s.
Round run_until_killed(const std::vector<std::string>& argv, const KillPlan& plan, int round);

}  // namespace store_test
