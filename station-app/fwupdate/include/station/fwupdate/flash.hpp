// Flashing a scanner as a technician's tool must: the image checked before
// the device is touched (signature against the configured keys, then its
// security counter against the one the scanner reports, so a downgrade is
// refused before a byte is sent), the transfer, then proof that the new
// image booted (the scanner's status after its restart).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "hal/scanner_updater.hpp"
#include "station/fwupdate/image.hpp"

namespace station::fwupdate {

struct FlashRequest {
  std::span<const std::uint8_t> bytes;  // the whole image file
  FirmwareImage image;                  // parse_image(bytes)
  std::string name;                     // the file, for messages
  std::string serial;                   // "" = the only scanner attached
};

struct FlashOutcome {
  PublicKey signer;
  hal::ScannerBootStatus before;
  hal::ScannerBootStatus after;
};

// Errors: those of verify_image (nothing sent); kFailedPrecondition for a
// downgrade below the scanner's security counter (nothing sent) or a
// scanner that did not start the image and confirm it (its old image
// stays); those of the updater (a scanner gone mid-transfer: kUnavailable).
hal::Result<FlashOutcome> flash_image(hal::ScannerUpdater& device, const FlashRequest& request,
                                      const std::vector<PublicKey>& keys, const hal::ProgressFn& progress);

}  // namespace station::fwupdate
