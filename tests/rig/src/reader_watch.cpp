#include "reader_watch.hpp"

#include <PCSC/winscard.h>

#include <thread>
#include <vector>

namespace rig {

namespace {

class Context {
 public:
  Context() { rv_ = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &handle_); }
  ~Context() {
    if (rv_ == SCARD_S_SUCCESS) SCardReleaseContext(handle_);
  }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  bool ok() const { return rv_ == SCARD_S_SUCCESS; }
  SCARDCONTEXT get() const { return handle_; }

 private:
  SCARDCONTEXT handle_ = 0;
  LONG rv_ = SCARD_E_NO_SERVICE;
};

std::vector<std::string> list_readers(const Context& context) {
  DWORD size = 0;
  if (SCardListReaders(context.get(), nullptr, nullptr, &size) != SCARD_S_SUCCESS) return {};
  std::string names(size, '\0');
  if (SCardListReaders(context.get(), nullptr, names.data(), &size) != SCARD_S_SUCCESS) return {};
  std::vector<std::string> readers;
  for (std::size_t at = 0; at < names.size() && names[at] != '\0';) {
    std::string name(names.c_str() + at);
    at += name.size() + 1;
    readers.push_back(std::move(name));
  }
  return readers;
}

// pcsc-lite names a reader "<FRIENDLYNAME> <reader index> <slot>", two hex
// digits each; vpcd's slot 0 is the port the card connects to.
bool is_slot_zero_of(const std::string& reader, const std::string& friendly_name) {
  return reader.size() == friendly_name.size() + 6 && reader.compare(0, friendly_name.size(), friendly_name) == 0 &&
         reader.compare(reader.size() - 3, 3, " 00") == 0;
}

}  // namespace

hal::Result<std::string> wait_for_reader(const std::string& friendly_name, Clock::time_point deadline,
                                         const std::function<hal::Result<void>()>& still_alive) {
  for (;;) {
    HAL_TRY(still_alive());
    Context context;
    if (context.ok()) {
      for (const auto& reader : list_readers(context)) {
        if (is_slot_zero_of(reader, friendly_name)) return reader;
      }
    }
    if (Clock::now() >= deadline) {
      return hal::make_error(hal::ErrorCode::kTimeout, "pcscd did not list a reader named '" + friendly_name +
                                                           " NN 00' in time" +
                                                           (context.ok() ? "" : " (its socket never answered)"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

hal::Result<void> wait_for_card_state(const std::string& reader, bool present, Clock::time_point deadline) {
  Context context;
  if (!context.ok()) return hal::make_error(hal::ErrorCode::kUnavailable, "pcscd does not answer");
  SCARD_READERSTATE state{};
  state.szReader = reader.c_str();
  state.dwCurrentState = SCARD_STATE_UNAWARE;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    const DWORD wait_ms = left.count() > 0 ? static_cast<DWORD>(left.count()) : 0;
    LONG rv = SCardGetStatusChange(context.get(), wait_ms, &state, 1);
    if (rv == SCARD_S_SUCCESS) {
      if (((state.dwEventState & SCARD_STATE_PRESENT) != 0) == present) return {};
      state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
      continue;
    }
    if (rv == SCARD_E_TIMEOUT || Clock::now() >= deadline) {
      return hal::make_error(
          hal::ErrorCode::kTimeout,
          "pcscd did not see the card " + std::string(present ? "arrive in" : "leave") + " '" + reader + "' in time");
    }
    return hal::make_error(hal::ErrorCode::kUnavailable,
                           "waiting for the card in '" + reader + "': " + pcsc_stringify_error(rv));
  }
}

}  // namespace rig
