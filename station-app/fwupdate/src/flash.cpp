#include "station/fwupdate/flash.hpp"

#include "station/fwupdate/refusal.hpp"

namespace station::fwupdate {

namespace {

FirmwareVersion running(const hal::ScannerBootStatus& s) { return {s.major, s.minor, s.patch, s.build}; }

bool same(const FirmwareVersion& a, const FirmwareVersion& b) {
  return a.major == b.major && a.minor == b.minor && a.patch == b.patch && a.build == b.build;
}

std::string scanner(const hal::ScannerBootStatus& s) { return "scanner " + s.serial + " at " + s.location; }

// What the scanner's status says about the image it was sent.
hal::Status check_booted(const hal::ScannerBootStatus& after, const FlashRequest& r) {
  if (!same(running(after), r.image.version)) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           scanner(after) + " did not start " + r.name + " (" + to_string(r.image.version) +
                               "): it runs " + to_string(running(after)) + " (last refusal: " +
                               refusal_name(after.last_refusal) + "); its previous firmware is intact");
  }
  const hal::FirmwareSlotState state = after.slots[after.running_slot];
  if (after.test_boot && state != hal::FirmwareSlotState::kConfirmed) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           scanner(after) + " started " + to_string(r.image.version) +
                               " but it did not confirm itself (slot state " + std::string(hal::to_string(state)) +
                               "): its self-test failed, and the next reset goes back to the previous firmware");
  }
  return {};
}

}  // namespace

hal::Result<FlashOutcome> flash_image(hal::ScannerUpdater& device, const FlashRequest& r,
                                      const std::vector<PublicKey>& keys, const hal::ProgressFn& progress) {
  auto signer = verify_image(r.bytes, r.image, keys, r.name);
  if (!signer) return signer.error();
  auto before = device.status(r.serial);
  if (!before) return before.error();
  if (r.image.security_counter < before->security_counter) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition,
                           "firmware image " + r.name + " has security counter " +
                               std::to_string(r.image.security_counter) + ", below the " +
                               std::to_string(before->security_counter) + " of " + scanner(*before) +
                               ": the scanner refuses downgrades (rollback); nothing was sent");
  }
  // The serial the scanner gave: the same device is found again after each restart.
  HAL_TRY(device.download(before->serial, r.bytes, progress));
  auto after = device.status(before->serial);
  if (!after) return after.error();
  HAL_TRY(check_booted(*after, r));
  return FlashOutcome{std::move(*signer), std::move(*before), std::move(*after)};
}

}  // namespace station::fwupdate
