// PcscCardTerminal's card side: connecting, deciding APDU sizes,
// transmitting with the 61xx/6Cxx loop, disconnecting.
#include "drivers/pcsc_card_terminal.hpp"

#include <PCSC/winscard.h>

#include <cstdio>

#include "apdu_limits.hpp"
#include "connection.hpp"
#include "reader_features.hpp"
#include "response_chaining.hpp"
#include "scard_error.hpp"

namespace drivers {

namespace {

using Clock = std::chrono::steady_clock;

std::string ins_of(const hal::Bytes& command) {
  char text[8];
  std::snprintf(text, sizeof text, "%02X", command.size() > 1 ? command[1] : 0);
  return std::string("INS ") + text;
}

std::string ms(std::chrono::milliseconds duration) { return std::to_string(duration.count()) + " ms"; }

DWORD disposition_code(hal::Disposition disposition) {
  switch (disposition) {
    case hal::Disposition::kReset:
      return SCARD_RESET_CARD;
    case hal::Disposition::kUnpower:
      return SCARD_UNPOWER_CARD;
    case hal::Disposition::kLeave:
      break;
  }
  return SCARD_LEAVE_CARD;
}

// Runs on the connection's worker: its own context, T=1 preferred, T=0 if
// the card offers nothing else.
LONG connect_card(const std::string& reader, pcsc::CardSession& s) {
  LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &s.context);
  if (rv != SCARD_S_SUCCESS) return rv;
  s.has_context = true;
  rv = SCardConnect(s.context, reader.c_str(), SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T1, &s.card, &s.protocol);
  if (rv == SCARD_E_PROTO_MISMATCH) {
    rv = SCardConnect(s.context, reader.c_str(), SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T0, &s.card, &s.protocol);
  }
  s.has_card = rv == SCARD_S_SUCCESS;
  return rv;
}

}  // namespace

PcscCardTerminal::PcscCardTerminal(PcscOptions options) : options_(options) {}

PcscCardTerminal::~PcscCardTerminal() {
  (void)disconnect(hal::Disposition::kLeave);
  forget_status_context();
}

hal::Result<hal::ReaderCapabilities> PcscCardTerminal::connect(std::string_view reader) {
  (void)disconnect(hal::Disposition::kLeave);
  std::string target(reader);
  if (target.empty()) {
    auto readers = list_readers();
    if (!readers) return readers.error();
    for (const auto& r : *readers) {
      if (r.card_present) {
        target = r.name;
        break;
      }
    }
    if (target.empty()) return hal::make_error(hal::ErrorCode::kNoCard, "connect: no reader holds a card");
  }
  return open_connection(target);
}

hal::Result<hal::ReaderCapabilities> PcscCardTerminal::open_connection(const std::string& reader) {
  const auto deadline = Clock::now() + options_.connect_timeout;
  auto channel = std::make_unique<pcsc::CardChannel>();
  auto rv = channel->run([reader](pcsc::CardSession& s) { return connect_card(reader, s); }, deadline);
  if (!rv) {
    return hal::make_error(hal::ErrorCode::kTimeout,
                           "connecting to the card in '" + reader + "' took over " + ms(options_.connect_timeout));
  }
  if (*rv != SCARD_S_SUCCESS) {
    hal::Error error = pcsc::scard_error(*rv, pcsc::ScardPhase::kConnect, "connect", reader);
    if (error.code == hal::ErrorCode::kUnavailable) error.message += "; is pcscd running?";
    return error;
  }
  const auto protocol =
      channel->session().protocol == SCARD_PROTOCOL_T0 ? hal::CardProtocol::kT0 : hal::CardProtocol::kT1;
  connection_ = std::make_unique<Connection>(Connection{reader, std::move(channel), {}, std::nullopt});
  auto caps = decide_capabilities(protocol, deadline);
  if (!caps) {
    connection_.reset();
    return caps.error();
  }
  connection_->caps = *caps;
  return *caps;
}

hal::Result<hal::ReaderCapabilities> PcscCardTerminal::decide_capabilities(hal::CardProtocol protocol,
                                                                           Deadline deadline) {
  pcsc::CardChannel& channel = *connection_->channel;
  auto reader_limit = [&]() -> std::optional<std::size_t> {
    // Shared, not a reference to a local: an abandoned call may finish late.
    auto limit = std::make_shared<std::optional<std::size_t>>();
    auto rv = channel.run(
        [limit](pcsc::CardSession& s) {
          *limit = pcsc::query_reader_apdu_limit(s.card);
          return SCARD_S_SUCCESS;
        },
        deadline);
    return rv ? *limit : std::nullopt;
  };
  auto probe = [&]() -> hal::Result<bool> {
    auto answer = exchange_raw(pcsc::extended_probe_command(), deadline, options_.connect_timeout);
    // Only a timeout is fatal. A refusal of any other kind (the reader
    // rejecting the length, pcscd failing it) means no extended length; a
    // card that really left shows on the next transmit.
    if (!answer) {
      if (answer.error().code == hal::ErrorCode::kTimeout || channel.abandoned()) return answer.error();
      return false;
    }
    return pcsc::extended_probe_passed(*answer);
  };
  return pcsc::decide_capabilities(protocol, {options_.max_apdu_data, options_.assumed_extended_data}, reader_limit,
                                   probe);
}

hal::Result<hal::ReaderCapabilities> PcscCardTerminal::capabilities() const {
  if (!connection_ || connection_->lost) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition, "capabilities: not connected to a card");
  }
  return connection_->caps;
}

hal::Result<void> PcscCardTerminal::usable_connection() const {
  if (!connection_) {
    return hal::make_error(hal::ErrorCode::kFailedPrecondition, "transmit: not connected to a card; connect first");
  }
  if (!connection_->lost) return {};
  const hal::Error& why = *connection_->lost;
  if (why.code == hal::ErrorCode::kCardRemoved) {
    return hal::make_error(hal::ErrorCode::kCardRemoved, "transmit: the card already left '" + connection_->reader +
                                                             "' (" + why.message +
                                                             "); wait for a card and connect again");
  }
  return hal::make_error(hal::ErrorCode::kFailedPrecondition, "transmit: the connection to '" + connection_->reader +
                                                                  "' was dropped (" + why.message + "); connect again");
}

hal::Result<hal::Bytes> PcscCardTerminal::exchange_raw(const hal::Bytes& command, Deadline deadline,
                                                       std::chrono::milliseconds budget) {
  Connection& connection = *connection_;
  auto rv = connection.channel->run(
      [command](pcsc::CardSession& s) {
        s.received = static_cast<DWORD>(s.receive.size());
        const SCARD_IO_REQUEST* pci = s.protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
        return SCardTransmit(s.card, pci, command.data(), static_cast<DWORD>(command.size()), nullptr, s.receive.data(),
                             &s.received);
      },
      deadline);
  if (!rv) {
    return hal::make_error(hal::ErrorCode::kTimeout, "reader '" + connection.reader + "' gave no answer to " +
                                                         ins_of(command) + " within " + ms(budget) +
                                                         "; the connection is dropped");
  }
  if (*rv != SCARD_S_SUCCESS) {
    return pcsc::scard_error(*rv, pcsc::ScardPhase::kCardSession, "transmit (" + ins_of(command) + ")",
                             connection.reader);
  }
  const pcsc::CardSession& s = connection.channel->session();
  if (s.received < 2) {
    // pcsc-lite's way of saying the card vanished mid-command (card.md).
    return hal::make_error(hal::ErrorCode::kCardRemoved, "the card in '" + connection.reader + "' answered " +
                                                             std::to_string(s.received) + " bytes to " +
                                                             ins_of(command) + ": it left mid-command");
  }
  return hal::Bytes(s.receive.begin(), s.receive.begin() + s.received);
}

hal::Result<hal::ResponseApdu> PcscCardTerminal::transmit(const hal::CommandApdu& command) {
  HAL_TRY(usable_connection());
  const hal::ReaderCapabilities& caps = connection_->caps;
  if (command.data.size() > caps.max_command_data) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "transmit: " + std::to_string(command.data.size()) + " command data bytes exceed the " +
                               std::to_string(caps.max_command_data) + " the connection to '" + connection_->reader +
                               "' carries");
  }
  if (command.ne && *command.ne > caps.max_response_data) {
    return hal::make_error(hal::ErrorCode::kInvalidArgument,
                           "transmit: Ne " + std::to_string(*command.ne) + " exceeds the " +
                               std::to_string(caps.max_response_data) + " the connection to '" + connection_->reader +
                               "' carries");
  }
  const auto deadline = Clock::now() + options_.transmit_timeout;
  auto response = pcsc::exchange_with_chaining(
      command, [&](const hal::Bytes& raw) { return exchange_raw(raw, deadline, options_.transmit_timeout); });
  if (!response &&
      (response.error().code == hal::ErrorCode::kCardRemoved || response.error().code == hal::ErrorCode::kTimeout)) {
    connection_->lost = response.error();
  }
  return response;
}

hal::Result<void> PcscCardTerminal::disconnect(hal::Disposition disposition) {
  if (!connection_) return {};
  std::unique_ptr<Connection> connection = std::move(connection_);
  // An abandoned worker releases the card itself once pcscd lets it go.
  if (connection->channel->abandoned()) return {};
  const DWORD how = disposition_code(disposition);
  auto rv = connection->channel->run(
      [how](pcsc::CardSession& s) {
        const LONG result = s.has_card ? SCardDisconnect(s.card, how) : SCARD_S_SUCCESS;
        s.has_card = false;
        return result;
      },
      Clock::now() + options_.connect_timeout);
  if (!rv) {
    return hal::make_error(hal::ErrorCode::kUnavailable, "disconnect: reader '" + connection->reader +
                                                             "' did not release the card within " +
                                                             ms(options_.connect_timeout));
  }
  if (*rv == SCARD_S_SUCCESS) return {};
  hal::Error error = pcsc::scard_error(*rv, pcsc::ScardPhase::kCardSession, "disconnect", connection->reader);
  // A card that already left needs no releasing.
  if (error.code == hal::ErrorCode::kCardRemoved || error.code == hal::ErrorCode::kNoCard) return {};
  return error;
}

}  // namespace drivers
