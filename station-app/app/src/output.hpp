// Where a command's result goes: readable text for an officer, or one JSON
// document on stdout with --json. Progress and logs go to stderr either way.
#pragma once

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "hal/result.hpp"

namespace station {

class Output {
 public:
  explicit Output(bool json) : json_(json) {}
  bool json() const { return json_; }

  // Text mode: prints a line now. JSON mode: ignored (the document carries it).
  void line(const std::string& text) const {
    if (!json_) std::cout << text << '\n';
  }
  // JSON mode: prints the document. Text mode: ignored.
  void document(const nlohmann::json& doc) const {
    if (json_) std::cout << doc.dump(2) << '\n';
  }
  // Reports a failure in words on stderr, and in --json mode also as a
  // document so a script reading stdout sees it.
  void failure(const hal::Error& error) const;

 private:
  bool json_;
};

// {"code": "card removed", "message": "..."}
nlohmann::json error_json(const hal::Error& error);

}  // namespace station
