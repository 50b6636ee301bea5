#pragma once
// Test support: a whole text file as a string ("" when it does not exist or cannot be read,
// unlike process.h's read_text, which throws) —
// for logs and checkpoints a test inspects.

#include <filesystem>
#include <string>

namespace b2k::test {

std::string read_file_or_empty(const std::filesystem::path& path);

}  // namespace b2k::test
