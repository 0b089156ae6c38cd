// Boots the M3 bootloader under QEMU (mps2-an385) over a flash file the test
// composes: status area and slots, loaded at their offsets (IMAGE.md §2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "fw/boot/status.hpp"
#include "image_builder.hpp"
#include "subprocess.hpp"

namespace fwtest {

struct FlashPlan {
    std::optional<Bytes> slot[2];
    std::optional<fw::boot::StatusRecord> record;  // none: factory state
};

struct QemuRun {
    int exit_code = -1;
    bool timed_out = false;
    std::string uart;
};

// Writes the flash file for `plan` into `path`.
void write_flash_file(const FlashPlan& plan, const std::string& path);

// `timeout 60 qemu-system-arm -M mps2-an385 ... -kernel bootloader.elf` with
// the flash file loaded; `icount` adds -icount shift=0.
QemuRun boot_in_qemu(const FlashPlan& plan, const std::string& name, bool icount = false);

// The M3 programs built by toolchain/FirmwareCross.cmake.
std::string m3_program(const std::string& file);
Bytes read_file(const std::string& path);

// The self-test application signed as version major.0.0+major*10.
Bytes signed_app(std::uint8_t major, std::uint32_t counter, const std::string& key = factory_key_path(),
                 const std::string& program = "selftest_app.bin", std::size_t pad_to = 0);

}  // namespace fwtest
