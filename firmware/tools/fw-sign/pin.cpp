#include "pin.hpp"

#include <openssl/crypto.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

namespace fw_sign {
namespace {

void strip_line_end(std::string& line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
        line.pop_back();
    }
}

std::string read_terminal_line(const std::string& prompt) {
    std::cerr << prompt << std::flush;
    termios saved{};
    const bool terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::cerr << '\n';
    }
    return line;
}

}  // namespace

void Pin::wipe(std::string& s) {
    if (!s.empty()) {
        OPENSSL_cleanse(s.data(), s.size());
    }
    s.clear();
}

Outcome<Pin> read_pin(const std::string& path, const std::string& token_label) {
    std::string line;
    if (path.empty()) {
        line = isatty(STDIN_FILENO) ? read_terminal_line("PIN for token '" + token_label + "': ")
                                    : (std::getline(std::cin, line), line);
        strip_line_end(line);
        Pin pin(line);
        if (pin.text().empty()) {
            return Error{"no PIN on standard input (give it there, or in a file with --pin-file)"};
        }
        return pin;
    }
    std::ifstream file(path);
    if (!file) {
        return Error{"cannot read the PIN file '" + path + "'"};
    }
    std::getline(file, line);
    strip_line_end(line);
    Pin pin(line);
    if (pin.text().empty()) {
        return Error{"the PIN file '" + path + "' is empty: its first line must be the PIN"};
    }
    return pin;
}

}  // namespace fw_sign
