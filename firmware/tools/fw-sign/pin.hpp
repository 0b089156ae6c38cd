// The token PIN: from a file or standard input, never from the command line
// or the environment (both are visible to other users and to children).
#pragma once

#include <string>

#include "outcome.hpp"

namespace fw_sign {

// Wipes itself when it goes away. Copies and then wipes where a move would
// do: a short std::string moves by copying its inline buffer and leaves the
// old bytes behind.
class Pin {
public:
    // Takes the text over and wipes `source`.
    explicit Pin(std::string& source) : text_(source) { wipe(source); }
    Pin(Pin&& other) noexcept : text_(other.text_) { wipe(other.text_); }
    Pin& operator=(Pin&&) = delete;
    Pin(const Pin&) = delete;
    Pin& operator=(const Pin&) = delete;
    ~Pin() { wipe(text_); }
    [[nodiscard]] const std::string& text() const { return text_; }

private:
    static void wipe(std::string& s);
    std::string text_;
};

// The first line of `path`, or of standard input when `path` is empty (with
// a prompt and no echo when standard input is a terminal).
Outcome<Pin> read_pin(const std::string& path, const std::string& token_label);

}  // namespace fw_sign
