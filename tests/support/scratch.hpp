// A private folder per test process and a one-line file writer, for tests
// that build hostile or sample files on disk before running the code on them.
#pragma once

#include <filesystem>
#include <string>

namespace testing_support {

// TMPDIR/PREFIX-PID, emptied on first use in this process and then the same
// folder on every call (the process id keeps parallel tests apart).
std::filesystem::path scratch_dir(const std::string& prefix);

// Writes `text` as the whole file, failing the test when it cannot.
void write_text(const std::filesystem::path& path, const std::string& text);

}  // namespace testing_support
