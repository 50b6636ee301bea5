#include "config/filter_config.h"

#include <algorithm>
#include <array>

namespace b2k::config {
namespace {

constexpr std::array<std::string_view, 4> kSystemSchemas = {"mysql", "sys", "performance_schema",
                                                            "information_schema"};

bool system_schema(std::string_view db) {
    return std::find(kSystemSchemas.begin(), kSystemSchemas.end(), db) != kSystemSchemas.end();
}

}  // namespace

bool FilterConfig::captures(std::string_view db, std::string_view table) const {
    bool sys = system_schema(db);
    bool included = include.empty() && !sys;
    for (const auto& p : include) {
        if (included) break;
        included = p.matches(db, table) && (!sys || p.names_database_literally());
    }
    if (!included) return false;
    return std::none_of(exclude.begin(), exclude.end(),
                        [&](const NamePattern& p) { return p.matches(db, table); });
}

bool FilterConfig::drops_column(std::string_view db, std::string_view table,
                                std::string_view column) const {
    return std::any_of(exclude_columns.begin(), exclude_columns.end(),
                       [&](const NamePattern& p) { return p.matches(db, table, column); });
}

}  // namespace b2k::config
