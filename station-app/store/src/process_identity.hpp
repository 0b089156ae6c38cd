// A process named so that a recycled pid is not taken for it: its pid and
// its start time since boot (/proc/PID/stat, field 22), which a new process
// given the same pid does not share.
#pragma once

#include <cstdint>
#include <optional>

namespace station::store {

struct ProcessIdentity {
  std::int64_t pid = 0;
  std::int64_t start = 0;  // clock ticks after boot
};

ProcessIdentity this_process();
// Whether the process named is still running (false once it has ended,
// even when another process now has its pid).
bool is_running(const ProcessIdentity& process);

}  // namespace station::store
