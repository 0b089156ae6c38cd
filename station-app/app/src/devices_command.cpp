// `station devices`: every device the station can see, for a technician.
// A device class that cannot be listed is reported in its section, not as a
// failure of the whole command, so one missing service hides nothing else.
#include "commands.hpp"

namespace station {

namespace {

template <typename T, typename ToJson, typename ToLine>
nlohmann::json section(const Output& out, const std::string& title, const hal::Result<std::vector<T>>& items,
                       ToJson to_json, ToLine to_line) {
  out.line(title + ":");
  if (!items) {
    out.line("  " + items.error().describe());
    return {{"error", error_json(items.error())}};
  }
  if (items->empty()) out.line("  none");
  nlohmann::json list = nlohmann::json::array();
  for (const T& item : *items) {
    out.line("  " + to_line(item));
    list.push_back(to_json(item));
  }
  return list;
}

nlohmann::json list_readers(Context& ctx) {
  return section(
      ctx.out(), "Card readers", ctx.devices().card_terminal().list_readers(),
      [](const hal::ReaderStatus& r) {
        return nlohmann::json{{"name", r.name}, {"card_present", r.card_present}, {"atr", hal::to_hex(r.atr)}};
      },
      [](const hal::ReaderStatus& r) {
        return r.name + (r.card_present ? "  card present, ATR " + hal::to_hex(r.atr) : "  no card");
      });
}

nlohmann::json list_scanners(Context& ctx) {
  return section(
      ctx.out(), "Rolled fingerprint scanners", ctx.devices().rolled_scanners(),
      [](const ScannerSummary& s) {
        return nlohmann::json{{"id", s.id}, {"kind", s.kind}, {"serial", s.serial}, {"firmware", s.firmware},
                              {"mode", s.dfu_mode ? "dfu" : "application"}};
      },
      [](const ScannerSummary& s) {
        return s.id + "  serial " + (s.serial.empty() ? "?" : s.serial) + "  firmware " + s.firmware +
               (s.dfu_mode ? "  (bootloader, DFU mode)" : "") + "  (" + s.kind + ")";
      });
}

nlohmann::json list_sensors(Context& ctx) {
  return section(
      ctx.out(), "Officer fingerprint sensors", ctx.devices().finger_sensors(),
      [](const hal::SensorInfo& s) {
        return nlohmann::json{{"id", s.id}, {"driver", s.driver}, {"name", s.name}};
      },
      [](const hal::SensorInfo& s) { return s.id + "  " + s.name; });
}

const char* key_type_name(hal::KeyType type) { return type == hal::KeyType::kEcP256 ? "EC P-256" : "RSA"; }

nlohmann::json list_tokens(Context& ctx) {
  return section(
      ctx.out(), "Key tokens", ctx.devices().tokens(),
      [](const TokenSummary& t) {
        nlohmann::json keys = nlohmann::json::array();
        for (const auto& k : t.keys) keys.push_back({{"id", k.id}, {"type", key_type_name(k.type)}, {"certificate", k.has_certificate}});
        return nlohmann::json{{"label", t.label},     {"manufacturer", t.manufacturer}, {"model", t.model},
                              {"initialized", t.initialized}, {"keys", keys}};
      },
      [](const TokenSummary& t) {
        if (!t.initialized) return "free slot  " + t.manufacturer + " " + t.model + "  (no token initialised)";
        std::string line = "'" + t.label + "'  " + t.manufacturer + " " + t.model;
        for (const auto& k : t.keys) {
          line += "\n    key " + k.id + "  " + key_type_name(k.type) + (k.has_certificate ? ", certificate" : "");
        }
        return line;
      });
}

}  // namespace

void add_devices_command(CLI::App& app, Context& context) {
  auto* devices = app.add_subcommand("devices", "List card readers, rolled scanners, officer sensors and key tokens");
  devices->callback([&context] {
    context.defer([&context] {
      nlohmann::json doc{{"card_readers", list_readers(context)},
                         {"rolled_scanners", list_scanners(context)},
                         {"officer_sensors", list_sensors(context)},
                         {"key_tokens", list_tokens(context)}};
      context.out().document(doc);
      return hal::Status{};
    });
  });
}

}  // namespace station
