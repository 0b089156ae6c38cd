// libFuzzer target: the image parser and verifier of firmware/image on
// arbitrary slot contents. The input is the slot's first bytes (the rest
// erased); its first two bytes choose how many bytes count as written.
// Whatever the bytes claim, the parser must stay inside the slot (the flash
// port refuses reads outside it; ASan catches overruns of the parser's own
// buffers) and an image it accepts must fit what was written.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "fw/boot/keys.hpp"
#include "fw/image/verify.hpp"
#include "fw/platform/ram_nor_flash.hpp"

namespace {
// A small slot keeps each run fast while still letting lengths overflow it.
constexpr std::uint32_t kSlot = 0x1000;
constexpr std::uint32_t kCapacity = 16 * 1024;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::uint32_t available = static_cast<std::uint32_t>(data[0] | data[1] << 8) * 4u;
    data += 2;
    size -= 2;
    if (size > kCapacity) size = kCapacity;
    static std::vector<std::uint8_t> memory(kCapacity);
    std::memset(memory.data(), 0xFF, memory.size());
    std::memcpy(memory.data(), data, size);
    fw::platform::RamNorFlash flash{memory, kSlot, 4096, 4};

    fw::image::Policy policy;
    policy.keys = fw::boot::builtin_keys();
    policy.capacity = kCapacity;
    policy.load_window_start = 0x20010000;
    policy.load_window_size = 512 * 1024;

    const fw::image::Verdict parsed = fw::image::parse_slot(flash, kSlot, policy, available);
    if (parsed.ok() && (parsed.total_size > kCapacity || parsed.total_size > available)) std::abort();
    const fw::image::Verdict verified = fw::image::verify_slot(flash, kSlot, policy, available);
    // A verified image is one that parsed, with the same extent.
    if (verified.ok() && (!parsed.ok() || verified.total_size != parsed.total_size)) std::abort();
    (void)fw::image::reason_name(verified.reason);
    return 0;
}
