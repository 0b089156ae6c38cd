#include "process_identity.hpp"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace station::store {

namespace {

// The command name (field 2) is in parentheses and may hold spaces or ')',
// so the fields are counted from the last ')'. A zombie (state Z or X) has
// ended: it holds nothing any more.
std::optional<std::int64_t> start_time_of(std::int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!in || !std::getline(in, stat)) return std::nullopt;
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  for (int number = 3; number <= 22 && fields >> field; ++number) {
    if (number == 3 && (field == "Z" || field == "X")) return std::nullopt;
    if (number != 22) continue;
    std::int64_t ticks = 0;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), ticks);
    if (error != std::errc{} || end != field.data() + field.size()) return std::nullopt;
    return ticks;
  }
  return std::nullopt;
}

}  // namespace

ProcessIdentity this_process() {
  const std::int64_t pid = ::getpid();
  return {pid, start_time_of(pid).value_or(0)};
}

bool is_running(const ProcessIdentity& process) {
  if (process.pid <= 0) return false;
  auto start = start_time_of(process.pid);
  return start && *start == process.start;
}

}  // namespace station::store
