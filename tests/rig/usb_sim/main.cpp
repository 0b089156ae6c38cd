// usb-sim: the reference scanner as a USB device in a umockdev testbed,
// answered by the firmware's host build (application, bootloader, DFU mode),
// for one client command run inside the testbed (libusb, dfu-util, lsusb).
//
//   usb-sim [--flash FILE] [--preload-a IMAGE] [--seed N] [--serial S]
//           [--dump-flash FILE] [--dump-slot A|B FILE] [--log FILE]
//           [--hand SEED] [--fault KIND@N] -- COMMAND...
//
// --hand: a synthetic citizen's hand lies on the sensor (rolls show fingers
// 1..10 in turn, as the station's synthetic backend draws them for SEED);
// --fault: see faults.hpp.
//
// Exits with the command's status, or 125 when the device could not be set up.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fw/platform/layout.hpp"
#include "scanner_model.hpp"
#include "usb_bus.hpp"
#include "usbdevfs_handler.hpp"

namespace {

namespace layout = fw::platform::layout;
using usbsim::Bytes;

constexpr int kSetupFailed = 125;
constexpr const char* kPreload = "libumockdev-preload.so.0";

struct Options {
    std::string flash_file, preload_a, dump_flash, log_file;
    std::vector<std::pair<char, std::string>> dump_slots;
    usbsim::ModelOptions model;
    std::optional<usbsim::Fault> fault;
    std::vector<char*> command;
};

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "usb-sim: %s\n", message.c_str());
    std::exit(kSetupFailed);
}

std::string value_of(int& i, int argc, char** argv) {
    if (i + 1 >= argc) die(std::string(argv[i]) + " needs a value");
    return argv[++i];
}

Options parse(int argc, char** argv) {
    Options o;
    int i = 1;
    for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
        const std::string a = argv[i];
        if (a == "--flash") o.flash_file = value_of(i, argc, argv);
        else if (a == "--preload-a") o.preload_a = value_of(i, argc, argv);
        else if (a == "--dump-flash") o.dump_flash = value_of(i, argc, argv);
        else if (a == "--log") o.log_file = value_of(i, argc, argv);
        else if (a == "--serial") o.model.serial = value_of(i, argc, argv);
        else if (a == "--hand") o.model.hand_seed = std::strtoull(value_of(i, argc, argv).c_str(), nullptr, 10);
        else if (a == "--fault") {
            std::string error;
            o.fault = usbsim::parse_fault(value_of(i, argc, argv), error);
            if (!o.fault) die(error);
        } else if (a == "--seed") o.model.finger_seed = std::strtoull(value_of(i, argc, argv).c_str(), nullptr, 10);
        else if (a == "--dump-slot") {
            const std::string slot = value_of(i, argc, argv);
            if (slot != "A" && slot != "B") die("--dump-slot takes A or B, not '" + slot + "'");
            o.dump_slots.emplace_back(slot[0], value_of(i, argc, argv));
        } else die("unknown option '" + a + "' (usage: usb-sim [options] -- COMMAND...)");
    }
    for (++i; i < argc; ++i) o.command.push_back(argv[i]);
    if (o.command.empty()) die("no command to run after '--'");
    o.command.push_back(nullptr);
    return o;
}

Bytes read_file(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) die(std::string("cannot read the ") + what + " '" + path + "'");
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) die("cannot write '" + path + "'");
}

Bytes initial_flash(const Options& o) {
    Bytes flash(layout::kManagedEnd, 0xFF);
    if (!o.flash_file.empty()) {
        flash = read_file(o.flash_file, "flash image");
        if (flash.size() != layout::kManagedEnd)
            die("flash image '" + o.flash_file + "' has " + std::to_string(flash.size()) + " bytes, not " +
                std::to_string(layout::kManagedEnd));
    }
    if (!o.preload_a.empty()) {
        // Factory programming: the image straight into slot A.
        const Bytes image = read_file(o.preload_a, "image");
        if (image.size() > layout::kSlotCapacity) die("image '" + o.preload_a + "' is larger than a slot");
        std::copy(image.begin(), image.end(), flash.begin() + layout::kSlotOffset[0]);
    }
    return flash;
}

// umockdev sends uevents from this process through libudev, which must see
// the testbed's /sys: usb-sim runs under the preload library too (as
// umockdev's own tests do), and with it its clients.
void reexec_under_preload(char** argv) {
    const char* old = std::getenv("LD_PRELOAD");
    if (old != nullptr && std::strstr(old, kPreload) != nullptr) return;
    const std::string preload = std::string(kPreload) + (old ? std::string(":") + old : "");
    setenv("LD_PRELOAD", preload.c_str(), 1);
    // An ASan build must accept a library loaded before its runtime.
    const char* asan = std::getenv("ASAN_OPTIONS");
    setenv("ASAN_OPTIONS", (std::string(asan ? asan : "") + ":verify_asan_link_order=0").c_str(), 1);
    execv("/proc/self/exe", argv);
    die(std::string("cannot run itself under ") + kPreload + ": " + std::strerror(errno));
}

pid_t start_client(std::vector<char*>& command) {
    const pid_t pid = fork();
    if (pid < 0) die(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        execvp(command[0], command.data());
        std::fprintf(stderr, "usb-sim: cannot run '%s': %s\n", command[0], std::strerror(errno));
        _exit(127);
    }
    return pid;
}

}  // namespace

int main(int argc, char** argv) {
    reexec_under_preload(argv);
    Options options = parse(argc, argv);
    std::mutex lock;
    std::optional<usbsim::ScannerModel> model;
    try {
        model.emplace(initial_flash(options), options.model);
    } catch (const std::exception& e) {
        die(e.what());
    }
    usbsim::UsbBus bus;
    usbsim::FaultyBus faulty(options.fault);
    usbsim::UsbDevfsHandler handler(*model, faulty, lock);
    handler.connect(bus.handler());
    auto plug = [&] {
        std::string node, error;
        usbsim::Identity id;
        {
            std::lock_guard<std::mutex> hold(lock);
            id = model->identity();
            faulty.edit_identity(id);
        }
        if (!bus.plug(id, node, error)) die(error);
        handler.set_current_node(node);
    };
    plug();

    const pid_t client = start_client(options.command);
    int status = 0;
    // Re-plugging touches the testbed, which the ioctl thread must not do.
    while (waitpid(client, &status, WNOHANG) == 0) {
        if (handler.replug_wanted()) plug();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }

    std::lock_guard<std::mutex> hold(lock);
    const Bytes& flash = model->flash();
    if (!options.dump_flash.empty()) write_file(options.dump_flash, flash.data(), flash.size());
    for (const auto& [slot, path] : options.dump_slots)
        write_file(path, flash.data() + layout::kSlotOffset[slot == 'A' ? 0 : 1], layout::kSlotSize);
    if (!options.log_file.empty()) {
        std::ofstream log(options.log_file);
        log << model->log();
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
