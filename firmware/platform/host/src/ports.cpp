#include "fw/platform/host/ports.hpp"

#include <cstdio>

namespace fw::platform::host {

void CaptureConsole::write(std::string_view text) {
    text_.append(text);
    if (echo_) std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace fw::platform::host
