// `station card probe` and `station card apdu`: talk to the card in the reader;
// the other card subcommands register from here too.
#include <iostream>

#include "card_subcommands.hpp"
#include "commands.hpp"
#include "station/card/probe.hpp"
#include "station/card/status_words.hpp"

namespace station {

namespace {

const char* protocol_name(hal::CardProtocol p) { return p == hal::CardProtocol::kT0 ? "T=0" : "T=1"; }

nlohmann::json capabilities_json(const hal::ReaderCapabilities& caps) {
  return {{"protocol", protocol_name(caps.protocol)},
          {"extended_length", caps.extended_length},
          {"max_command_data", caps.max_command_data},
          {"max_response_data", caps.max_response_data}};
}

nlohmann::json exchange_json(const card::Exchange& e) {
  return {{"purpose", e.purpose},
          {"command", hal::to_hex(e.command)},
          {"response_data", hal::to_hex(e.response.data)},
          {"status", card::describe_status(e.response.sw)}};
}

void print_probe(const Output& out, const card::ProbeReport& report) {
  out.line("Reader:   " + report.reader.name);
  out.line("ATR:      " + hal::to_hex(report.reader.atr));
  out.line(std::string("Protocol: ") + protocol_name(report.capabilities.protocol) + ", up to " +
           std::to_string(report.capabilities.max_command_data) + " bytes per command (" +
           (report.capabilities.extended_length ? "extended length" : "short APDUs") + ")");
  for (const auto& e : report.exchanges) {
    out.line(e.purpose + ":");
    out.line("  > " + hal::to_hex(e.command));
    out.line("  < " + hal::to_hex(e.response.data) + (e.response.data.empty() ? "" : " ") +
             card::describe_status(e.response.sw));
  }
  nlohmann::json exchanges = nlohmann::json::array();
  for (const auto& e : report.exchanges) exchanges.push_back(exchange_json(e));
  out.document({{"reader", report.reader.name},
                {"atr", hal::to_hex(report.reader.atr)},
                {"capabilities", capabilities_json(report.capabilities)},
                {"exchanges", exchanges}});
}


hal::Status run_probe(Context& context, const std::string& reader, double wait_seconds) {
  auto wait = wait_seconds > 0 ? std::chrono::milliseconds(static_cast<long>(wait_seconds * 1000))
                               : context.config().card.wait_timeout;
  std::cerr << "Waiting for a card" << (reader.empty() ? "" : " in '" + reader + "'") << "...\n";
  auto report = card::probe_card(context.devices().card_terminal(), reader, wait);
  if (!report) return report.error();
  print_probe(context.out(), *report);
  return {};
}

hal::Status run_apdu(Context& context, const std::string& reader, const std::vector<std::string>& apdus) {
  hal::CardTerminal& terminal = context.devices().card_terminal();
  auto status = terminal.wait_for_card(reader, context.config().card.wait_timeout);
  if (!status) return status.error();
  HAL_TRY(terminal.connect(status->name));
  nlohmann::json results = nlohmann::json::array();
  for (const auto& text : apdus) {
    auto raw = hal::from_hex(text);
    if (!raw) return hal::make_error(hal::ErrorCode::kInvalidArgument, "APDU '" + text + "': " + raw.error().message);
    auto command = hal::CommandApdu::parse(*raw);
    if (!command) return hal::make_error(hal::ErrorCode::kInvalidArgument, "APDU '" + text + "': " + command.error().message);
    auto response = terminal.transmit(*command);
    if (!response) return response.error();
    context.out().line("> " + hal::to_hex(*raw));
    context.out().line("< " + hal::to_hex(response->data) + (response->data.empty() ? "" : " ") +
                       card::describe_status(response->sw));
    results.push_back({{"command", hal::to_hex(*raw)},
                       {"response_data", hal::to_hex(response->data)},
                       {"status", card::describe_status(response->sw)}});
  }
  context.out().document({{"reader", status->name}, {"exchanges", results}});
  return terminal.disconnect(hal::Disposition::kLeave);
}

}  // namespace

std::string chosen_reader(const Context& context, const std::string& option) {
  return option.empty() ? context.config().card.reader : option;
}

void add_card_commands(CLI::App& app, Context& context) {
  auto* card = app.add_subcommand("card", "Work with the card in the reader");
  card->require_subcommand(1);

  struct ProbeArgs {
    std::string reader;
    double wait = 0;
  };
  auto probe_args = std::make_shared<ProbeArgs>();
  auto* probe = card->add_subcommand("probe", "Wait for a card, show its ATR and exchange a few read-only APDUs");
  probe->add_option("--reader", probe_args->reader, "PC/SC reader name (default: [card] reader)");
  probe->add_option("--wait", probe_args->wait, "seconds to wait for a card (default: [card] wait_timeout_ms)")
      ->check(CLI::PositiveNumber);
  probe->callback([&context, probe_args] {
    context.defer([&context, probe_args] {
      return run_probe(context, chosen_reader(context, probe_args->reader), probe_args->wait);
    });
  });

  struct ApduArgs {
    std::string reader;
    std::vector<std::string> apdus;
  };
  auto apdu_args = std::make_shared<ApduArgs>();
  auto* apdu = card->add_subcommand("apdu", "Send APDUs given in hex (e.g. \"00 84 00 00 08\") and print the answers");
  apdu->add_option("--reader", apdu_args->reader, "PC/SC reader name (default: [card] reader)");
  apdu->add_option("APDU", apdu_args->apdus, "command APDUs in hex, sent in order")->required();
  apdu->callback([&context, apdu_args] {
    context.defer([&context, apdu_args] {
      return run_apdu(context, chosen_reader(context, apdu_args->reader), apdu_args->apdus);
    });
  });

  add_personalize_command(*card, context);
  add_read_commands(*card, context);
}

}  // namespace station
