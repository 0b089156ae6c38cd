#include "apdu_limits.hpp"

#include <algorithm>

namespace drivers::pcsc {

hal::ReaderCapabilities capabilities_for_limit(hal::CardProtocol protocol, std::size_t limit) {
  hal::ReaderCapabilities caps;
  caps.protocol = protocol;
  if (limit <= hal::kShortMaxLe) {
    caps.max_command_data = std::min(limit, hal::kShortMaxLc);
    caps.max_response_data = limit;
    caps.extended_length = false;
    return caps;
  }
  caps.max_command_data = std::min(limit, hal::kExtendedMaxLc);
  caps.max_response_data = std::min(limit, hal::kExtendedMaxLe);
  caps.extended_length = true;
  return caps;
}

hal::Bytes extended_probe_command() { return {0x00, 0x84, 0x00, 0x00, 0x00, 0x00, 0x08}; }

bool extended_probe_passed(hal::ByteView raw_response) {
  return raw_response.size() == 8 + 2 && raw_response[8] == 0x90 && raw_response[9] == 0x00;
}

hal::Result<hal::ReaderCapabilities> decide_capabilities(
    hal::CardProtocol protocol, const LimitPolicy& policy,
    const std::function<std::optional<std::size_t>()>& reader_limit, const std::function<hal::Result<bool>()>& probe) {
  if (protocol == hal::CardProtocol::kT0) {
    const std::size_t limit = policy.configured == 0 ? hal::kShortMaxLe : policy.configured;
    return capabilities_for_limit(protocol, std::min(limit, hal::kShortMaxLe));
  }
  if (policy.configured != 0) return capabilities_for_limit(protocol, policy.configured);
  const std::optional<std::size_t> stated = reader_limit();
  // dwMaxAPDUDataSize 0 means "short APDUs only".
  if (stated && *stated <= hal::kShortMaxLe) {
    return capabilities_for_limit(protocol, *stated == 0 ? hal::kShortMaxLe : *stated);
  }
  auto extended_works = probe();
  if (!extended_works) return extended_works.error();
  if (!*extended_works) return capabilities_for_limit(protocol, hal::kShortMaxLe);
  return capabilities_for_limit(protocol, stated.value_or(policy.assumed_extended));
}

}  // namespace drivers::pcsc
