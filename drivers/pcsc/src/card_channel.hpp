// One card connection's PC/SC calls, run on a worker thread of its own.
//
// pcsc-lite's SCardTransmit waits for pcscd without a timeout, and pcscd
// waits for the reader driver without one: a card that stops answering (the
// simulator's --stall-at, a wedged reader) would hang the caller for good.
// So every call on a connection runs here, and the caller waits only until
// its deadline. A call that misses it leaves the channel abandoned: the
// caller gets kTimeout and must connect again, while the worker stays with
// the stuck call and, once pcscd lets go, releases the card and the context
// by itself. The connection has its own PC/SC context, so a stuck call never
// holds up reader listing or waiting on the terminal's context.
#pragma once

#include <PCSC/winscard.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <thread>

#include "hal/bytes.hpp"

namespace drivers::pcsc {

// What the worker holds. The caller may touch it only through calls run on
// the worker, or between calls (run() returning orders the accesses).
struct CardSession {
  SCARDCONTEXT context = 0;
  bool has_context = false;
  SCARDHANDLE card = 0;
  bool has_card = false;
  DWORD protocol = 0;
  hal::Bytes receive = hal::Bytes(MAX_BUFFER_SIZE_EXTENDED);  // reused for every response
  DWORD received = 0;
};

// Releases whatever the session still holds (card left in place).
void release_session(CardSession& session);

class CardChannel {
 public:
  using Call = std::function<LONG(CardSession&)>;
  using Deadline = std::chrono::steady_clock::time_point;

  CardChannel();
  CardChannel(const CardChannel&) = delete;
  CardChannel& operator=(const CardChannel&) = delete;
  // Releases the session on the worker and waits briefly for it; a worker
  // stuck in pcscd is left to finish (and clean up) on its own.
  ~CardChannel();

  // Runs `call` on the worker; nullopt when `deadline` passed first, after
  // which the channel is abandoned and every later run() returns nullopt.
  std::optional<LONG> run(Call call, Deadline deadline);

  bool abandoned() const;
  // Valid between calls only.
  CardSession& session();

 private:
  struct Shared;
  static void work(std::shared_ptr<Shared> shared);

  std::shared_ptr<Shared> shared_;
  std::thread worker_;
};

}  // namespace drivers::pcsc
