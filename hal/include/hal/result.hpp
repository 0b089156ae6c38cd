// Errors are values: every fallible call across a layer returns Result<T>,
// which holds either the value or an Error naming what went wrong.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace hal {

// One set of kinds for the whole stack, so the program can map any failure to
// an exit code and an officer-readable sentence without knowing its origin.
enum class ErrorCode {
  kInvalidArgument,    // the caller passed something malformed or out of range
  kNotFound,           // a named reader, file, key or record does not exist
  kTimeout,            // the operation did not finish within its deadline
  kUnavailable,        // a service or device is not there (no pcscd, no token, no sensor)
  kNoCard,             // a reader is there but holds no card
  kCardRemoved,        // the card left (or stopped answering) during an operation
  kProtocol,           // a peer answered something the standard does not allow
  kCardStatus,         // the card answered a well-formed error status word
  kWrongPin,           // a PIN was refused
  kPinLocked,          // a PIN is blocked after too many tries
  kPermissionDenied,   // the caller may not do this
  kUnsupported,        // the device or key cannot do what was asked
  kIo,                 // reading or writing storage or a socket failed
  kNoSpace,            // storage is full
  kCorrupt,            // stored or received data fails its integrity check
  kBusy,               // a resource is held by someone else; retry later
  kCancelled,          // the operation was stopped on request
  kAlreadyExists,      // creating something that is already there
  kFailedPrecondition, // the system is not in a state where this is allowed
  kInternal,           // a defect of ours; the message says where
};

std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;

  // "card removed: reader 'X' lost the card during READ BINARY"
  std::string describe() const;
};

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    assert(failed_);
    return error_;
  }

 private:
  Error error_{ErrorCode::kInternal, {}};
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace hal

// Propagates a failed Result from the enclosing function. Kept as a macro
// because C++20 has no expression that returns from the caller.
#define HAL_TRY(expr)                         \
  do {                                        \
    auto hal_try_result_ = (expr);            \
    if (!hal_try_result_.ok()) {              \
      return hal_try_result_.error();         \
    }                                         \
  } while (false)
