#include "usb_sim_run.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>

namespace usbsim_test {

namespace {

// Runs `command` with sh; stdout and stderr into `output`; the exit status.
int shell(const std::string& command, std::string& output) {
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    const int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string shell_quoted(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

}  // namespace

Bytes read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

Workdir::Workdir() {
    char pattern[] = "/tmp/usb-sim-test.XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
}

Workdir::~Workdir() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

std::string Workdir::sign(const std::string& name, const std::string& version, std::uint32_t counter,
                          std::size_t payload_size) {
    Bytes payload(payload_size);
    std::mt19937 random(static_cast<std::uint32_t>(payload_size + counter));
    for (auto& b : payload) b = static_cast<std::uint8_t>(random());
    write_bytes(path(name + ".bin"), payload);
    std::string output;
    const std::string command = std::string(FW_SIGN) + " --key " + FW_TEST_KEY + " --version " + version +
                                " --security-counter " + std::to_string(counter) + " " +
                                shell_quoted(path(name + ".bin")) + " " + shell_quoted(path(name + ".img"));
    if (shell(command, output) != 0) throw std::runtime_error("fw-sign failed: " + output);
    return path(name + ".img");
}

Run Workdir::run(const std::string& image, const std::string& command, const std::string& options) {
    Run r;
    const std::string sim = std::string(USB_SIM) + " " + options + " --preload-a " + shell_quoted(image) + " --log " +
                            shell_quoted(path("boot.log")) + " --dump-slot B " + shell_quoted(path("slot-b.bin")) +
                            " -- sh -c " + shell_quoted("cd " + shell_quoted(dir_) + " && " + command);
    r.status = shell(sim, r.output);
    const Bytes log = read_bytes(path("boot.log"));
    r.log.assign(log.begin(), log.end());
    r.slot_b = read_bytes(path("slot-b.bin"));
    return r;
}

}  // namespace usbsim_test
