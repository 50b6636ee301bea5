#include "support/vectors.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace b2k::test {

std::filesystem::path shared_dir() {
    if (const char* env = std::getenv("B2K_SHARED_DIR"); env != nullptr && *env != '\0') {
        return env;
    }
    return B2K_SHARED_DIR;
}

std::filesystem::path vector_path(std::string_view rel) {
    auto p = shared_dir() / "vectors" / rel;
    if (!std::filesystem::exists(p)) {
        throw std::runtime_error(
            "test vector not found: " + p.string() +
            " (expected ../shared beside the checkout, or set B2K_SHARED_DIR)");
    }
    return p;
}

std::filesystem::path test_data_path(std::string_view rel) {
    auto p = std::filesystem::path(B2K_TEST_DATA_DIR) / rel;
    if (!std::filesystem::exists(p)) {
        throw std::runtime_error("test data not found: " + p.string());
    }
    return p;
}

nlohmann::json load_json(const std::filesystem::path& p) {
    std::ifstream in(p);
    if (!in) throw std::runtime_error("cannot open " + p.string());
    return nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/true);
}

std::vector<std::byte> read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + p.string());
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> out(chars.size());
    for (std::size_t i = 0; i < chars.size(); ++i)
        out[i] = static_cast<std::byte>(chars[i]);
    return out;
}

std::vector<std::byte> from_hex(std::string_view hex) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::vector<std::byte> out;
    out.reserve(hex.size() / 2);
    int hi = -1;
    for (char c : hex) {
        const int v = nibble(c);
        if (v < 0) continue;  // tolerate spaces and separators
        if (hi < 0) {
            hi = v;
        } else {
            out.push_back(static_cast<std::byte>(hi * 16 + v));
            hi = -1;
        }
    }
    if (hi >= 0) throw std::runtime_error("odd number of hex digits");
    return out;
}

std::string to_hex(const std::vector<std::byte>& b) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    for (auto x : b) {
        s.push_back(kHex[static_cast<unsigned>(x) >> 4]);
        s.push_back(kHex[static_cast<unsigned>(x) & 15]);
    }
    return s;
}

std::string value_vector_name(const nlohmann::json& v) {
    return v.at("source").get<std::string>() + " [" + v.at("value_type").get<std::string>() +
           "] hex=" + v.at("hex").get<std::string>();
}

}  // namespace b2k::test
