// The scanner application's M3 build, signed with the factory test key and
// booted by the real bootloader under QEMU (mps2-an385): it self-tests and
// streams a two-frame roll of the built-in pattern through the same capture
// code the host build runs, and says so on the UART.
//
// Arguments: qemu-system-arm, bootloader.elf, scanner_app.bin.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

#include "image_builder.hpp"
#include "subprocess.hpp"
#include "cmocka.hpp"

namespace {

std::string g_qemu, g_bootloader, g_app;

// Slot A's flash offset (IMAGE.md §2); the M3 keeps flash in SSRAM1 at the
// same addresses.
constexpr const char* kSlotA = "0x10000";

std::string signed_app(const std::filesystem::path& dir) {
    std::ifstream in(g_app, std::ios::binary);
    if (!in) fail_msg("cannot read %s: build the firmware_m3 target", g_app.c_str());
    fwtest::ImageSpec spec;
    spec.payload = fwtest::Bytes((std::istreambuf_iterator<char>(in)), {});
    spec.major = 1;
    spec.minor = 2;
    spec.patch = 3;
    spec.build = 45;
    const fwtest::Bytes image = fwtest::build_image(spec, fwtest::SigningKey(fwtest::factory_key_path()));
    const auto path = dir / "scanner_signed.bin";
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(image.data()), image.size());
    return path.string();
}

void scanner_boots_self_tests_and_streams(void**) {
    const auto dir = std::filesystem::temp_directory_path() / ("fw_app_qemu." + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string image = signed_app(dir);
    const auto r = testing_support::run({g_qemu, "-M", "mps2-an385", "-nographic",
                                         "-semihosting-config", "enable=on,target=native", "-kernel", g_bootloader,
                                         "-device", "loader,file=" + image + ",addr=" + kSlotA},
                                        {}, std::chrono::seconds(90));
    std::filesystem::remove_all(dir);
    if (r.exit_code != 0) fail_msg("qemu exit %d:\n%s%s", r.exit_code, r.out.c_str(), r.err.c_str());
    assert_true(testing_support::contains(r.out, "slot A verified, version 1.2.3+45"));
    assert_true(testing_support::contains(r.out, "scanner: self-test passed\n"));
    // Two 800 x 750 frames (24 + 600000 bytes: 1172 packets each, the last
    // short) and the 24-byte ROLL_END.
    assert_true(testing_support::contains(r.out, "scanner: streamed 2 frames in 2345 packets, 1200072 bytes\n"));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s QEMU BOOTLOADER_ELF SCANNER_APP_BIN\n", argv[0]);
        return 2;
    }
    g_qemu = argv[1];
    g_bootloader = argv[2];
    g_app = argv[3];
    const struct CMUnitTest tests[] = {cmocka_unit_test(scanner_boots_self_tests_and_streams)};
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
