// fw-sign's errors are values: a message a technician can act on, or the
// result. (Host tool: it may use the standard library freely.)
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace fw_sign {

struct Error {
    std::string message;
};

template <typename T>
class Outcome {
public:
    Outcome(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
    Outcome(Error error) : v_(std::move(error)) {}      // NOLINT
    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(v_); }
    T& value() { return std::get<T>(v_); }
    const T& value() const { return std::get<T>(v_); }
    [[nodiscard]] const std::string& error() const { return std::get<Error>(v_).message; }

private:
    std::variant<T, Error> v_;
};

struct Done {};

}  // namespace fw_sign
