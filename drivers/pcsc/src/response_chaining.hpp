// The status-word loop ISO/IEC 7816-4 leaves to the terminal: 61xx means
// "xx more bytes, ask with GET RESPONSE", 6Cxx means "wrong Le, send the same
// command again with Le = xx". Pure logic over an injected raw exchange, so
// it is unit-tested without a reader.
#pragma once

#include <cstdint>
#include <functional>

#include "hal/apdu.hpp"
#include "hal/result.hpp"

namespace drivers::pcsc {

// Sends one encoded command APDU and returns the card's raw answer (data and
// SW1-SW2, at least two bytes). Its errors pass through unchanged.
using RawExchange = std::function<hal::Result<hal::Bytes>(const hal::Bytes& command)>;

// GET RESPONSE and re-issued commands keep the logical channel of the
// original class byte but drop secure messaging and chaining bits.
std::uint8_t get_response_class(std::uint8_t cla);

// Sends `command` and follows 61xx and 6Cxx until the card gives a final
// status word; returns all data collected and that status word.
// Errors: those of `exchange` and of CommandApdu::encode, and kProtocol when
// the card keeps the loop going past any sensible length or asks for the Le
// it was just given.
hal::Result<hal::ResponseApdu> exchange_with_chaining(const hal::CommandApdu& command, const RawExchange& exchange);

}  // namespace drivers::pcsc
