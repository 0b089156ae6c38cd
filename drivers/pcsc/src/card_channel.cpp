#include "card_channel.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace drivers::pcsc {

namespace {
// How long a destructor waits for an idle worker to release the card before
// leaving it to finish alone.
constexpr auto kGoodbyeWait = std::chrono::milliseconds(2000);

// Handing a call to another thread costs two wake-ups, each tens of
// microseconds on a small VM: as much as an APDU round trip on the rig. Both
// sides therefore poll a flag for a short while (yielding the core) before
// they sleep; APDUs come back to back, so the wait is usually that short.
constexpr auto kSpin = std::chrono::microseconds(300);

template <typename Ready>
void spin_until(Ready ready) {
  const auto until = std::chrono::steady_clock::now() + kSpin;
  while (!ready() && std::chrono::steady_clock::now() < until) std::this_thread::yield();
}
}  // namespace

void release_session(CardSession& session) {
  if (session.has_card) SCardDisconnect(session.card, SCARD_LEAVE_CARD);
  if (session.has_context) SCardReleaseContext(session.context);
  session.has_card = false;
  session.has_context = false;
}

struct CardChannel::Shared {
  std::mutex mutex;
  std::condition_variable changed;
  CardSession session;
  Call pending;  // set by the caller, taken by the worker
  bool call_done = false;
  LONG result = SCARD_S_SUCCESS;
  bool quit = false;
  bool abandoned = false;
  bool exited = false;
  // Hints for spin_until(); the fields above, under the mutex, decide.
  std::atomic<bool> call_posted{false};
  std::atomic<bool> call_finished{false};
};

CardChannel::CardChannel() : shared_(std::make_shared<Shared>()), worker_(work, shared_) {}

void CardChannel::work(std::shared_ptr<Shared> shared) {
  std::unique_lock<std::mutex> lock(shared->mutex);
  for (;;) {
    if (!shared->pending && !shared->quit) {
      lock.unlock();
      spin_until([&] { return shared->call_posted.load(std::memory_order_acquire); });
      lock.lock();
    }
    shared->changed.wait(lock, [&] { return shared->pending || shared->quit; });
    shared->call_posted.store(false, std::memory_order_relaxed);
    if (!shared->pending) break;
    Call call = std::move(shared->pending);
    shared->pending = nullptr;
    lock.unlock();
    const LONG result = call(shared->session);
    lock.lock();
    shared->result = result;
    shared->call_done = true;
    shared->call_finished.store(true, std::memory_order_release);
    shared->changed.notify_all();
    if (shared->abandoned) break;
  }
  lock.unlock();
  release_session(shared->session);
  lock.lock();
  shared->exited = true;
  shared->changed.notify_all();
}

std::optional<LONG> CardChannel::run(Call call, Deadline deadline) {
  std::unique_lock<std::mutex> lock(shared_->mutex);
  if (shared_->abandoned) return std::nullopt;
  shared_->pending = std::move(call);
  shared_->call_done = false;
  shared_->call_finished.store(false, std::memory_order_relaxed);
  shared_->call_posted.store(true, std::memory_order_release);
  shared_->changed.notify_all();
  lock.unlock();
  spin_until([&] { return shared_->call_finished.load(std::memory_order_acquire); });
  lock.lock();
  if (!shared_->changed.wait_until(lock, deadline, [&] { return shared_->call_done; })) {
    shared_->abandoned = true;
    return std::nullopt;
  }
  return shared_->result;
}

bool CardChannel::abandoned() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->abandoned;
}

CardSession& CardChannel::session() { return shared_->session; }

CardChannel::~CardChannel() {
  std::unique_lock<std::mutex> lock(shared_->mutex);
  shared_->quit = true;
  shared_->changed.notify_all();
  const bool exited =
      !shared_->abandoned && shared_->changed.wait_for(lock, kGoodbyeWait, [&] { return shared_->exited; });
  lock.unlock();
  if (exited) {
    worker_.join();
  } else {
    worker_.detach();  // it owns `shared_` too, and cleans up when pcscd lets go
  }
}

}  // namespace drivers::pcsc
