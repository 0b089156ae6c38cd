// The DFU 1.1 descriptors shared by the application's run-time interface and
// the bootloader's DFU-mode interface (DFU 1.1, 4.1.3 and 4.2.3).
#pragma once

#include <stdint.h>

#include "fw/dfu/dfu_mode.hpp"
#include "fw/dfu/protocol.hpp"

namespace fw::dfu {

// bitCanDnload: the point of the interface. bitCanUpload: technicians and
// tests read the slot back to compare it with the file they sent.
// bitManifestationTolerant: after manifestation the device keeps answering
// GETSTATUS, so the host learns the verdict (errVERIFY and why) instead of
// seeing the device vanish; the new image starts at the next reset.
// bitWillDetach: on DETACH the application resets itself into the bootloader
// at once, so the host need not (and in the emulated rig cannot) send a USB
// reset.
inline constexpr uint8_t kAttributes = kCanDnload | kCanUpload | kManifestationTolerant | kWillDetach;

// How long the application waits for the reset after DETACH. With
// bitWillDetach it resets itself well within this; 1 s is what the host
// should allow for the re-enumeration.
inline constexpr uint16_t kDetachTimeoutMs = 1000;

inline constexpr uint8_t kInterfaceDescriptorLength = 9;
inline constexpr uint8_t kFunctionalDescriptorLength = 9;
// An interface descriptor followed by its DFU functional descriptor.
inline constexpr uint8_t kDfuInterfaceBlockLength = kInterfaceDescriptorLength + kFunctionalDescriptorLength;

struct DfuInterfaceBlock {
    uint8_t bytes[kDfuInterfaceBlockLength];
};

// protocol is kProtocolRuntime (in the application) or kProtocolDfuMode
// (in the bootloader); iInterface names the interface in the string table.
constexpr DfuInterfaceBlock dfu_interface_block(uint8_t interface_number, uint8_t protocol, uint8_t iInterface) {
    return DfuInterfaceBlock{{
        kInterfaceDescriptorLength, 0x04 /* INTERFACE */, interface_number, 0 /* alternate */,
        0 /* endpoints: DFU uses only the control pipe */, kInterfaceClass, kInterfaceSubclass, protocol,
        iInterface,
        kFunctionalDescriptorLength, kFunctionalType, kAttributes,
        static_cast<uint8_t>(kDetachTimeoutMs & 0xFFu), static_cast<uint8_t>(kDetachTimeoutMs >> 8),
        static_cast<uint8_t>(kTransferSize & 0xFFu), static_cast<uint8_t>(kTransferSize >> 8),
        static_cast<uint8_t>(kDfuVersion & 0xFFu), static_cast<uint8_t>(kDfuVersion >> 8),
    }};
}

}  // namespace fw::dfu
