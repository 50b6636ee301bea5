#pragma once
// The spelling of a config enum's values: one table per enum, used both to parse the YAML
// (with the table as the list of allowed values in errors) and to print the value back.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace b2k::config {

template <class E>
struct EnumName {
    std::string_view name;
    E value;
};

template <class E, std::size_t N>
constexpr std::string_view name_of(const std::array<EnumName<E>, N>& names, E value) noexcept {
    for (const auto& n : names) {
        if (n.value == value) return n.name;
    }
    return "unknown";
}

// "a, b, c": the allowed values as an error message lists them.
template <class E, std::size_t N>
std::string allowed_names(const std::array<EnumName<E>, N>& names) {
    std::string out;
    for (const auto& n : names) {
        if (!out.empty()) out += ", ";
        out += n.name;
    }
    return out;
}

}  // namespace b2k::config
