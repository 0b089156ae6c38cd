#include "state_file.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

namespace card_sim {

namespace {

std::string hex4(std::uint16_t v) {
  char text[8];
  std::snprintf(text, sizeof text, "%04X", v);
  return text;
}

std::string ef_line(const char* kind, const ElementaryFile& ef) {
  return std::string(kind) + " " + hex4(ef.fid) + " " + (ef.writable ? "rw" : "ro") + " " +
         (ef.claimed_size ? std::to_string(*ef.claimed_size) : "-") + " " + hal::to_hex(ef.content) + "\n";
}

hal::Error corrupt(std::size_t line, const std::string& why) {
  return hal::make_error(hal::ErrorCode::kCorrupt, "card state line " + std::to_string(line) + ": " + why);
}

std::optional<std::uint16_t> parse_hex4(const std::string& text) {
  auto bytes = hal::from_hex(text);
  if (!bytes || bytes->size() != 2) return std::nullopt;
  return static_cast<std::uint16_t>((*bytes)[0] << 8 | (*bytes)[1]);
}

hal::Result<ElementaryFile> parse_ef(std::istringstream& words, std::size_t line) {
  std::string fid, access, claimed, content;
  if (!(words >> fid >> access >> claimed >> content)) return corrupt(line, "an EF needs FID, access, claimed size and content");
  auto id = parse_hex4(fid);
  auto bytes = hal::from_hex(content);
  if (!id || !bytes || (access != "ro" && access != "rw")) return corrupt(line, "malformed EF");
  ElementaryFile ef{*id, std::move(*bytes), access == "rw", {}};
  if (claimed != "-") {
    try {
      ef.claimed_size = std::stoul(claimed);
    } catch (const std::exception&) {
      return corrupt(line, "claimed size '" + claimed + "' is not a number");
    }
  }
  return ef;
}

}  // namespace

std::string serialize_state(const CardState& state) {
  std::string out = "card-sim-state 1\n";
  out += std::string("lifecycle ") + (state.locked() ? "operational" : "personalization") + "\n";
  for (const auto& ef : state.files.master_files()) out += ef_line("mf-ef", ef);
  for (const auto& df : state.files.applications()) {
    out += "df " + hex4(df.fid) + " " + hal::to_hex(df.aid) + "\n";
    for (const auto& ef : df.files) out += ef_line("ef", ef);
  }
  for (const auto& [tag, value] : state.data_objects) out += "do " + hex4(tag) + " " + hal::to_hex(value) + "\n";
  return out;
}

hal::Result<CardState> parse_state(const std::string& text, std::size_t capacity) {
  std::istringstream lines(text);
  std::string line;
  std::size_t number = 0;
  std::vector<ElementaryFile> master;
  std::vector<DedicatedFile> applications;
  std::map<std::uint16_t, hal::Bytes> objects;
  Lifecycle lifecycle = Lifecycle::kPersonalization;
  bool header = false;
  while (std::getline(lines, line)) {
    ++number;
    std::istringstream words(line);
    std::string kind;
    if (!(words >> kind)) continue;
    if (!header) {
      std::string version;
      if (kind != "card-sim-state" || !(words >> version) || version != "1") return corrupt(number, "not a card-sim state file");
      header = true;
    } else if (kind == "lifecycle") {
      std::string value;
      words >> value;
      if (value != "operational" && value != "personalization") return corrupt(number, "unknown lifecycle");
      lifecycle = value == "operational" ? Lifecycle::kOperational : Lifecycle::kPersonalization;
    } else if (kind == "mf-ef" || kind == "ef") {
      auto ef = parse_ef(words, number);
      if (!ef) return ef.error();
      if (kind == "ef" && applications.empty()) return corrupt(number, "an ef line before any df line");
      (kind == "ef" ? applications.back().files : master).push_back(std::move(*ef));
    } else if (kind == "df") {
      std::string fid, aid;
      words >> fid >> aid;
      auto id = parse_hex4(fid);
      auto name = hal::from_hex(aid);
      if (!id || !name) return corrupt(number, "malformed DF");
      applications.push_back({*id, std::move(*name), {}});
    } else if (kind == "do") {
      std::string tag, value;
      words >> tag >> value;
      auto id = parse_hex4(tag);
      auto bytes = hal::from_hex(value);
      if (!id || !bytes) return corrupt(number, "malformed data object");
      objects[*id] = std::move(*bytes);
    } else {
      return corrupt(number, "unknown line kind '" + kind + "'");
    }
  }
  if (!header) return corrupt(number, "empty file");
  CardState state{FileSystem(std::move(master), std::move(applications), capacity), std::move(objects), lifecycle};
  return state;
}

hal::Result<void> save_state(const CardState& state, const std::filesystem::path& path) {
  const std::filesystem::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << serialize_state(state);
    out.flush();
    if (!out) return hal::make_error(hal::ErrorCode::kIo, "cannot write the card state to " + temporary.string());
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) return hal::make_error(hal::ErrorCode::kIo, "cannot rename " + temporary.string() + ": " + ec.message());
  return {};
}

hal::Result<CardState> load_state(const std::filesystem::path& path, std::size_t capacity) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return hal::make_error(hal::ErrorCode::kNotFound, "no card state file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return hal::make_error(hal::ErrorCode::kIo, "cannot read " + path.string());
  return parse_state(text.str(), capacity);
}

}  // namespace card_sim
