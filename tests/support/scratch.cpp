#include "scratch.hpp"

#include <unistd.h>

#include <fstream>
#include <map>

#include "cmocka.hpp"

namespace testing_support {

std::filesystem::path scratch_dir(const std::string& prefix) {
  static std::map<std::string, std::filesystem::path> made;
  auto found = made.find(prefix);
  if (found != made.end()) return found->second;
  std::filesystem::path dir = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return made.emplace(prefix, dir).first->second;
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) fail_msg("cannot write %s", path.c_str());
}

}  // namespace testing_support
