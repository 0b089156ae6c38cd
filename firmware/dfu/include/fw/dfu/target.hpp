// What the DFU 1.1 state machine needs from the bootloader: the inactive
// slot, and nothing else. The state machine never sees a flash address; it
// asks for offsets inside the slot, so it cannot write outside it even when
// its own bookkeeping is wrong (the Target checks every offset again).
//
// FW-boot implements this over the inactive slot of firmware/boot; the DFU
// tests and fuzzers use a fake over a RAM buffer.
#pragma once

// C headers: the M3 build is freestanding and may have no libstdc++ headers.
#include <stddef.h>
#include <stdint.h>

namespace fw::dfu {

// Outcome of a flash operation, mapped by the state machine to a DFU bStatus.
enum class FlashStatus : uint8_t {
    ok = 0,
    out_of_range,   // offset + length past capacity()        -> errADDRESS
    erase_failed,   // the erase did not complete              -> errERASE
    write_failed,   // the program operation reported failure  -> errWRITE
    verify_failed,  // read back after programming differs     -> errVERIFY
};

// Why a downloaded image was refused at manifestation. The names are what a
// technician sees in logs and what the bootloader prints on the UART.
enum class ImageReason : uint8_t {
    ok = 0,
    truncated,       // fewer bytes than the header and trailer need
    bad_magic,       // header magic is not ours
    bad_header,      // a header field lies (size, header size, load address)
    too_large,       // image + trailer larger than the slot
    bad_tlv,         // trailer malformed (overlap, unknown or missing TLV)
    bad_hash,        // SHA-256 over header+payload differs
    unknown_key,     // key id not among the bootloader's public keys
    bad_signature,   // Ed25519 signature does not verify
    rollback,        // security counter below the stored one
    flash_error,     // image good, but marking it pending failed
};

struct ManifestVerdict {
    ImageReason reason = ImageReason::ok;
    [[nodiscard]] constexpr bool accepted() const { return reason == ImageReason::ok; }
};

// A short, stable, lower-case name for each reason ("bad_signature").
const char* reason_name(ImageReason reason);

class Target {
public:
    // Bytes that a download may fill: the inactive slot's size.
    [[nodiscard]] virtual uint32_t capacity() const = 0;

    // Erase the whole inactive slot. Called once, before the first block of
    // a download is programmed. Never touches the running slot.
    virtual FlashStatus erase() = 0;

    // Program `length` bytes at `offset` inside the slot (already erased).
    // Blocks arrive in order, but the Target must not rely on alignment
    // beyond 1 byte and must refuse anything past capacity().
    virtual FlashStatus write(uint32_t offset, const uint8_t* data,
                              uint32_t length) = 0;

    // Copy up to `length` bytes from `offset` into `out` for UPLOAD; returns
    // how many were copied. Fewer than `length` (0 at the end) marks the end
    // of what the slot holds, which ends the upload (DFU 1.1, 6.2).
    virtual uint32_t read(uint32_t offset, uint8_t* out,
                               uint32_t length) = 0;

    // The download is complete with `total_length` bytes: parse, verify the
    // hash, signature and security counter, and if all hold mark the slot
    // pending (tried once at the next reset). A refusal leaves nothing pending.
    virtual ManifestVerdict manifest(uint32_t total_length) = 0;

    // Honest worst-case durations, reported as bwPollTimeout so the host
    // waits long enough before its next GETSTATUS.
    [[nodiscard]] virtual uint32_t erase_poll_ms() const = 0;
    [[nodiscard]] virtual uint32_t program_poll_ms(uint32_t length) const = 0;
    [[nodiscard]] virtual uint32_t manifest_poll_ms(uint32_t total_length) const = 0;

protected:
    // Not deleted through this interface: no virtual destructor, so the
    // freestanding build needs no operator delete.
    ~Target() = default;
};

}  // namespace fw::dfu
