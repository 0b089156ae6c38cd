#include "station/card/access/open_channel.hpp"

#include <string>

#include "station/card/access/bac.hpp"
#include "station/card/access/pace.hpp"

namespace station::card::access {

namespace {

const hal::Bytes kEmrtdAid{0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};
constexpr std::size_t kCardAccessReadSize = 256;  // EF.CardAccess is far smaller
constexpr std::uint16_t kFileNotFound = 0x6A82;
constexpr std::uint16_t kEndBeforeNe = 0x6282;

hal::Error card_status(const char* step, std::uint16_t sw) {
  return hal::make_error(hal::ErrorCode::kCardStatus,
                         std::string(step) + " failed with SW " +
                             hal::to_hex(hal::Bytes{static_cast<std::uint8_t>(sw >> 8), static_cast<std::uint8_t>(sw)}));
}

hal::Result<std::unique_ptr<SecureChannel>> via_pace(hal::CardTerminal& terminal, const AccessKey& key,
                                                     PaceCurve curve, const RandomSource& random) {
  auto session = perform_pace(terminal, key, curve, random);
  if (!session) return session.error();
  auto channel = std::make_unique<SecureChannel>(terminal, std::move(*session), "PACE");
  HAL_TRY(select_emrtd_application(*channel));
  return channel;
}

hal::Result<std::unique_ptr<SecureChannel>> via_bac(hal::CardTerminal& terminal, const AccessKey& key,
                                                    const RandomSource& random) {
  HAL_TRY(select_emrtd_application(terminal));
  auto session = perform_bac(terminal, key, random);
  if (!session) return session.error();
  return std::make_unique<SecureChannel>(terminal, std::move(*session), "BAC");
}

}  // namespace

hal::Result<void> select_emrtd_application(hal::CardTerminal& channel) {
  auto selected = channel.transmit({0x00, 0xA4, 0x04, 0x0C, kEmrtdAid, std::nullopt});
  if (!selected) return selected.error();
  if (!selected->ok()) return card_status("selecting the eMRTD application", selected->sw);
  return {};
}

hal::Result<std::optional<hal::Bytes>> read_card_access(hal::CardTerminal& terminal) {
  // EF.CardAccess lives in the MF, whatever the reader selected before.
  auto master = terminal.transmit({0x00, 0xA4, 0x00, 0x0C, {0x3F, 0x00}, std::nullopt});
  if (!master) return master.error();
  auto selected = terminal.transmit({0x00, 0xA4, 0x02, 0x0C, {0x01, 0x1C}, std::nullopt});
  if (!selected) return selected.error();
  if (selected->sw == kFileNotFound) return std::optional<hal::Bytes>{};
  if (!selected->ok()) return card_status("selecting EF.CardAccess", selected->sw);
  auto read = terminal.transmit({0x00, 0xB0, 0x00, 0x00, {}, kCardAccessReadSize});
  if (!read) return read.error();
  if (!read->ok() && read->sw != kEndBeforeNe) return card_status("reading EF.CardAccess", read->sw);
  return std::optional<hal::Bytes>{std::move(read->data)};
}

hal::Result<std::unique_ptr<SecureChannel>> open_secure_channel(hal::CardTerminal& terminal, const AccessKey& key,
                                                                std::optional<PaceCurve> offered, AccessMethod method,
                                                                const RandomSource& random) {
  if (method == AccessMethod::kBac) return via_bac(terminal, key, random);
  if (offered) return via_pace(terminal, key, *offered, random);
  if (method == AccessMethod::kPace || key.kind() == AccessKey::Kind::kCan)
    return hal::make_error(hal::ErrorCode::kUnsupported,
                           std::string("the card offers no PACE this station runs (ECDH-GM-AES-128 on NIST P-256 or "
                                       "brainpoolP256r1 in EF.CardAccess)") +
                               (key.kind() == AccessKey::Kind::kCan ? "; a CAN opens the chip only through PACE" : ""));
  return via_bac(terminal, key, random);
}

}  // namespace station::card::access
