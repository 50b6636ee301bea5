#pragma once
// Test support: locating the shared vectors and turning their hex into bytes.
// A missing file is a test failure that says where it looked, never a skip.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace b2k::test {

// ../shared (overridable with B2K_SHARED_DIR in the environment).
std::filesystem::path shared_dir();
// ../shared/vectors/<rel>; throws std::runtime_error naming the path when absent.
std::filesystem::path vector_path(std::string_view rel);
// tests/data/<rel>; throws when absent.
std::filesystem::path test_data_path(std::string_view rel);

nlohmann::json load_json(const std::filesystem::path& p);
std::vector<std::byte> read_file(const std::filesystem::path& p);
std::vector<std::byte> from_hex(std::string_view hex);
std::string to_hex(const std::vector<std::byte>& b);

// "source [value_type] hex=…": names a value vector in a failure message (SCOPED_TRACE).
std::string value_vector_name(const nlohmann::json& v);

}  // namespace b2k::test
