#include "station/dossier/json_fields.hpp"

namespace station::dossier {

using nlohmann::json;

const json* JsonFields::find(std::string_view key) const {
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

hal::Error JsonFields::bad(std::string_view key, const std::string& why) const {
  return hal::make_error(hal::ErrorCode::kInvalidArgument, file_ + ": key '" + std::string(key) + "': " + why);
}

hal::Error JsonFields::wrong_type(std::string_view key, const json& value, const char* expected) const {
  return bad(key, std::string("must be ") + expected + ", not " + (value.is_null() ? "null" : "a ") +
                      (value.is_null() ? "" : value.type_name()));
}

hal::Result<std::string> JsonFields::text(std::string_view key, bool required) const {
  const json* value = find(key);
  if (value == nullptr) {
    if (required) return bad(key, "missing");
    return std::string();
  }
  if (!value->is_string()) return wrong_type(key, *value, "a string");
  return value->get<std::string>();
}

hal::Result<std::uint64_t> JsonFields::whole_number(std::string_view key, std::uint64_t fallback) const {
  const json* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_number_unsigned()) {
    if (value->is_number_integer()) return bad(key, "must be a whole number from 0, not negative");
    return wrong_type(key, *value, "a whole number (0 to 18446744073709551615)");
  }
  return value->get<std::uint64_t>();
}

hal::Status JsonFields::only(const std::set<std::string, std::less<>>& known) const {
  for (const auto& item : object_.items())
    if (!known.contains(item.key())) return bad(item.key(), "unknown key");
  return {};
}

hal::Result<json> parse_json_object(std::string_view text, const std::string& file) {
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) return hal::make_error(hal::ErrorCode::kInvalidArgument, file + ": not valid JSON");
  if (!doc.is_object()) return hal::make_error(hal::ErrorCode::kInvalidArgument, file + ": not a JSON object");
  return doc;
}

}  // namespace station::dossier
