#include "qemu_rig.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

#include "fw/platform/layout.hpp"
#include "fw/platform/ram_nor_flash.hpp"

namespace fwtest {

namespace layout = fw::platform::layout;

std::string m3_program(const std::string& file) { return std::string(FW_M3_PROGRAMS) + "/" + file; }

Bytes read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

Bytes signed_app(std::uint8_t major, std::uint32_t counter, const std::string& key, const std::string& program,
                 std::size_t pad_to) {
    ImageSpec s;
    s.payload = read_file(m3_program(program));
    if (s.payload.size() < pad_to) s.payload.resize(pad_to, 0);
    s.major = major;
    s.build = major * 10u;
    s.security_counter = counter;
    return build_image(s, SigningKey(key));
}

void write_flash_file(const FlashPlan& plan, const std::string& path) {
    Bytes memory(layout::kManagedEnd, 0xFF);
    for (int slot = 0; slot < 2; ++slot) {
        if (plan.slot[slot]) std::copy(plan.slot[slot]->begin(), plan.slot[slot]->end(),
                                       memory.begin() + layout::kSlotOffset[slot]);
    }
    fw::platform::RamNorFlash flash(memory, 0, layout::kSectorSize, layout::kWriteGranularity);
    if (plan.record && !fw::boot::StatusLog(flash).append(*plan.record))
        throw std::runtime_error("cannot write the status record");
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(memory.data() + layout::kManagedOffset), layout::kManagedSize);
    if (!out) throw std::runtime_error("cannot write " + path);
}

QemuRun boot_in_qemu(const FlashPlan& plan, const std::string& name, bool icount) {
    const std::string dir = std::filesystem::temp_directory_path() / ("fw-qemu-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string flash = dir + "/" + name + ".flash";
    write_flash_file(plan, flash);
    std::vector<std::string> argv = {FW_TIMEOUT, "60", FW_QEMU_ARM, "-M", "mps2-an385", "-nographic",
                                     "-semihosting-config", "enable=on,target=native",
                                     "-kernel", m3_program("bootloader.elf"),
                                     "-device", "loader,file=" + flash + ",addr=0x8000,force-raw=on"};
    if (icount) argv.insert(argv.end(), {"-icount", "shift=0"});
    const auto r = testing_support::run(argv, {}, std::chrono::seconds(90));
    std::filesystem::remove_all(dir);
    // FW_QEMU_ECHO=1 shows each run's UART in the test log.
    if (std::getenv("FW_QEMU_ECHO") != nullptr) std::fprintf(stderr, "--- %s ---\n%s", name.c_str(), (r.out + r.err).c_str());
    return QemuRun{r.exit_code, r.timed_out || r.exit_code == 124, r.out + r.err};
}

}  // namespace fwtest
