// Runs usb-sim (the emulated scanner) around a shell command, and makes the
// signed images the tests send it (fw-sign with the factory test key).
// Shared by the rig tests and the flashing benchmark.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace usbsim_test {

using Bytes = std::vector<std::uint8_t>;

struct Run {
    int status = -1;     // the command's exit status as usb-sim returns it
    std::string output;  // the command's stdout and stderr
    std::string log;     // usb-sim's boot log (one line per boot and self-test)
    Bytes slot_b;        // the inactive slot after the run
};

class Workdir {
public:
    Workdir();
    ~Workdir();
    Workdir(const Workdir&) = delete;
    Workdir& operator=(const Workdir&) = delete;

    [[nodiscard]] std::string path(const std::string& name) const { return dir_ + "/" + name; }
    // A signed image of `payload_size` pseudo-random bytes; returns its path.
    std::string sign(const std::string& name, const std::string& version, std::uint32_t counter,
                     std::size_t payload_size);
    // usb-sim with `image` factory-loaded into slot A, running `command`
    // (sh -c) in the testbed, from inside this directory; `options` go to
    // usb-sim as they are (e.g. "--hand 42 --fault stall@5").
    Run run(const std::string& image, const std::string& command, const std::string& options = "");

private:
    std::string dir_;
};

Bytes read_bytes(const std::string& path);
void write_bytes(const std::string& path, const Bytes& bytes);

}  // namespace usbsim_test
