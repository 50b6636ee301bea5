#include "mysql/result_set.h"

namespace b2k::mysql {

std::vector<std::string> ResultSet::column_names() const {
    std::vector<std::string> out;
    out.reserve(columns.size());
    for (const auto& c : columns)
        out.push_back(c.name);
    return out;
}

std::optional<std::size_t> ResultSet::column_index(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].name == name) return i;
    }
    return std::nullopt;
}

}  // namespace b2k::mysql
