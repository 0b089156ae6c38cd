// How large an APDU a connection may carry: configured, or found out from the
// reader and a probe of the card. Pure logic; the PC/SC calls are injected.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>

#include "hal/card_terminal.hpp"

namespace drivers::pcsc {

// The capabilities of a connection that carries `limit` data bytes each way:
// short APDUs up to 255/256, extended beyond.
hal::ReaderCapabilities capabilities_for_limit(hal::CardProtocol protocol, std::size_t limit);

// GET CHALLENGE for 8 bytes in the extended encoding (00 84 00 00 00 00 08):
// a card and reader that carry extended length answer 8 bytes and 9000; the
// others refuse it (6700), or the reader fails it. GET CHALLENGE changes no
// card state a later command relies on.
hal::Bytes extended_probe_command();
bool extended_probe_passed(hal::ByteView raw_response);

struct LimitPolicy {
  std::size_t configured = 0;        // 0 = find out
  std::size_t assumed_extended = 0;  // when the probe passes and the reader gives no number
};

// T=0 always gets short APDUs (it cannot carry extended length). A configured
// limit is used as is. Otherwise the reader's own limit, if it states one,
// caps extended length, and the probe decides whether extended works at all.
// Errors: those of `probe` (the card left, the reader timed out).
hal::Result<hal::ReaderCapabilities> decide_capabilities(
    hal::CardProtocol protocol, const LimitPolicy& policy,
    const std::function<std::optional<std::size_t>()>& reader_limit, const std::function<hal::Result<bool>()>& probe);

}  // namespace drivers::pcsc
