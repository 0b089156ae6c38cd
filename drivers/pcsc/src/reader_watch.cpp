// PcscCardTerminal's reader side: the terminal's own PC/SC context, reader
// lists, and waiting for cards through SCardGetStatusChange.
#include <PCSC/winscard.h>

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

#include "connection.hpp"
#include "drivers/pcsc_card_terminal.hpp"
#include "scard_error.hpp"

namespace drivers {

static_assert(std::is_same_v<SCARDCONTEXT, long>, "the header keeps the context as a long");

namespace {

// pcsc-lite's pseudo reader whose state changes when a reader comes or goes;
// the high 16 bits of its state count the readers.
constexpr const char* kPnpReader = "\\\\?PnP?\\Notification";

using Clock = std::chrono::steady_clock;

std::vector<std::string> split_multi_string(const std::string& names) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < names.size() && names[at] != '\0';) {
    std::string name(names.c_str() + at);
    at += name.size() + 1;
    out.push_back(std::move(name));
  }
  return out;
}

bool reader_gone(DWORD state) { return (state & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) != 0; }

// A mute card (no ATR) sits in the reader but cannot be used.
bool usable_card(DWORD state) { return (state & SCARD_STATE_PRESENT) && !(state & SCARD_STATE_MUTE); }

hal::ReaderStatus status_of(const SCARD_READERSTATE& state) {
  hal::ReaderStatus status{state.szReader, usable_card(state.dwEventState), {}};
  if (state.dwEventState & SCARD_STATE_PRESENT) status.atr.assign(state.rgbAtr, state.rgbAtr + state.cbAtr);
  return status;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += (text.empty() ? "'" : ", '") + n + "'";
  return text.empty() ? "none" : text;
}

}  // namespace

hal::Result<long> PcscCardTerminal::status_context() {
  if (long context = status_context_.load()) return context;
  SCARDCONTEXT context = 0;
  LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
  if (rv != SCARD_S_SUCCESS) return service_error(rv, "reaching the PC/SC service", "");
  status_context_ = context;
  return context;
}

void PcscCardTerminal::forget_status_context() {
  if (long context = status_context_.exchange(0)) SCardReleaseContext(context);
}

hal::Error PcscCardTerminal::service_error(long rv, std::string_view operation, std::string_view reader) {
  // After pcscd restarts, the old context is dead: start afresh next time.
  if (rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED || rv == SCARD_E_INVALID_HANDLE) {
    forget_status_context();
  }
  hal::Error error = pcsc::scard_error(rv, pcsc::ScardPhase::kService, operation, reader);
  if (error.code == hal::ErrorCode::kUnavailable) error.message += "; is pcscd running?";
  return error;
}

hal::Result<std::vector<std::string>> PcscCardTerminal::reader_names() {
  auto context = status_context();
  if (!context) return context.error();
  // The list can grow between the size query and the fetch: retry then.
  for (int attempt = 0; attempt < 3; ++attempt) {
    DWORD size = 0;
    LONG rv = SCardListReaders(*context, nullptr, nullptr, &size);
    if (rv == SCARD_E_NO_READERS_AVAILABLE) return std::vector<std::string>{};
    if (rv != SCARD_S_SUCCESS) return service_error(rv, "listing readers", "");
    std::string names(size, '\0');
    rv = SCardListReaders(*context, nullptr, names.data(), &size);
    if (rv == SCARD_E_NO_READERS_AVAILABLE) return std::vector<std::string>{};
    if (rv == SCARD_E_INSUFFICIENT_BUFFER) continue;
    if (rv != SCARD_S_SUCCESS) return service_error(rv, "listing readers", "");
    return split_multi_string(names);
  }
  return hal::make_error(hal::ErrorCode::kBusy, "listing readers: the reader list kept changing");
}

hal::Result<std::vector<hal::ReaderStatus>> PcscCardTerminal::list_readers() {
  auto names = reader_names();
  if (!names) return names.error();
  std::vector<hal::ReaderStatus> readers;
  if (names->empty()) return readers;
  std::vector<SCARD_READERSTATE> states(names->size());
  for (std::size_t i = 0; i < names->size(); ++i) {
    states[i].szReader = (*names)[i].c_str();
    states[i].dwCurrentState = SCARD_STATE_UNAWARE;
  }
  LONG rv = SCardGetStatusChange(status_context_.load(), 0, states.data(), static_cast<DWORD>(states.size()));
  if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) return service_error(rv, "reading reader states", "");
  for (const auto& state : states) {
    if (!reader_gone(state.dwEventState)) readers.push_back(status_of(state));
  }
  return readers;
}

hal::Result<hal::ReaderStatus> PcscCardTerminal::wait_for_presence(std::string_view reader, bool present,
                                                                   std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  const std::string target(reader);
  std::optional<DWORD> pnp_state;
  for (;;) {  // once per reader list: a reader coming or going starts over
    auto names = reader_names();
    if (!names) return names.error();
    if (!target.empty()) {
      if (std::find(names->begin(), names->end(), target) == names->end()) {
        if (!present) return hal::ReaderStatus{target, false, {}};  // the reader left, and the card with it
        return hal::make_error(hal::ErrorCode::kNotFound,
                               "no reader named '" + target + "' (readers: " + joined(*names) + ")");
      }
      *names = {target};
    }
    std::vector<SCARD_READERSTATE> states(names->size() + 1);
    for (std::size_t i = 0; i < names->size(); ++i) {
      states[i].szReader = (*names)[i].c_str();
      states[i].dwCurrentState = SCARD_STATE_UNAWARE;  // the first call reports what is there now
    }
    SCARD_READERSTATE& pnp = states.back();
    pnp.szReader = kPnpReader;
    pnp.dwCurrentState = pnp_state.value_or(static_cast<DWORD>(names->size()) << 16);

    bool relist = false;
    while (!relist) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      const auto wait = std::clamp(left, std::chrono::milliseconds(0), options_.poll_granularity);
      LONG rv = SCardGetStatusChange(status_context_.load(), static_cast<DWORD>(wait.count()), states.data(),
                                     static_cast<DWORD>(states.size()));
      if (rv == SCARD_E_UNKNOWN_READER) break;  // a reader left between listing and waiting
      if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) {
        return service_error(rv, present ? "waiting for a card" : "waiting for the card to leave", target);
      }
      if (rv == SCARD_S_SUCCESS) {
        for (std::size_t i = 0; i + 1 < states.size(); ++i) {
          const DWORD event = states[i].dwEventState;
          if (reader_gone(event)) {
            if (!present && !target.empty()) return hal::ReaderStatus{target, false, {}};
            relist = true;
            continue;
          }
          const bool has_card = present ? usable_card(event) : (event & SCARD_STATE_PRESENT) != 0;
          if (has_card == present) return status_of(states[i]);
          states[i].dwCurrentState = event & ~SCARD_STATE_CHANGED;
        }
        if (pnp.dwEventState & SCARD_STATE_CHANGED) {
          pnp_state = pnp.dwEventState & ~SCARD_STATE_CHANGED;
          pnp.dwCurrentState = *pnp_state;
          relist = true;
        }
      }
      if (Clock::now() >= deadline) {
        const std::string where = target.empty() ? "any reader" : "'" + target + "'";
        return hal::make_error(hal::ErrorCode::kTimeout,
                               std::string(present ? "no card arrived in " : "the card did not leave ") + where +
                                   " within " + std::to_string(timeout.count()) + " ms");
      }
    }
  }
}

hal::Result<hal::ReaderStatus> PcscCardTerminal::wait_for_card(std::string_view reader,
                                                               std::chrono::milliseconds timeout) {
  return wait_for_presence(reader, true, timeout);
}

hal::Result<void> PcscCardTerminal::wait_for_removal(std::string_view reader, std::chrono::milliseconds timeout) {
  std::string target(reader);
  if (target.empty()) {
    if (!connection_) {
      return hal::make_error(hal::ErrorCode::kNotFound, "waiting for removal: no reader named and none connected");
    }
    target = connection_->reader;
  }
  auto gone = wait_for_presence(target, false, timeout);
  if (!gone) return gone.error();
  return {};
}

void PcscCardTerminal::cancel_wait() {
  if (long context = status_context_.load()) SCardCancel(context);
}

}  // namespace drivers
