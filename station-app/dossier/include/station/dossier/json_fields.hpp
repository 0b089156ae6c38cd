// The one way the station reads a key of a JSON object that came from outside
// (an enrollment file, a dossier file for the card): each accessor checks the
// type and names the key and the type it expected, so a number where a path
// belongs is a clear refusal, never a nlohmann::json exception.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "hal/result.hpp"

namespace station::dossier {

class JsonFields {
 public:
  // `object` must outlive this; `file` names the source in every message.
  JsonFields(const nlohmann::json& object, std::string file) : object_(object), file_(std::move(file)) {}

  // A string; "" when the key is absent and not required.
  hal::Result<std::string> text(std::string_view key, bool required) const;

  // A whole number 0..2^64-1; `fallback` when the key is absent.
  hal::Result<std::uint64_t> whole_number(std::string_view key, std::uint64_t fallback) const;

  // Every key of the object is one of `known` (a misspelt key would else be
  // silently ignored).
  hal::Status only(const std::set<std::string, std::less<>>& known) const;

  // kInvalidArgument: "<file>: key '<key>': <why>".
  hal::Error bad(std::string_view key, const std::string& why) const;

 private:
  const nlohmann::json* find(std::string_view key) const;
  hal::Error wrong_type(std::string_view key, const nlohmann::json& value, const char* expected) const;

  const nlohmann::json& object_;
  std::string file_;
};

// `text` parsed as a JSON object. kInvalidArgument naming `file` otherwise.
hal::Result<nlohmann::json> parse_json_object(std::string_view text, const std::string& file);

}  // namespace station::dossier
