#pragma once
// filter: — which tables and columns are published.
//
// A table is captured when it matches an include pattern (or include is empty) and no exclude
// pattern. The server's own schemas (mysql, sys, performance_schema, information_schema —
// where RDS writes its heartbeat rows) are captured only when an include pattern names that
// database without a wildcard. A column matching an exclude_columns pattern is left out of the
// messages.

#include <string_view>
#include <vector>

#include "config/name_pattern.h"

namespace b2k::config {

struct FilterConfig {
    std::vector<NamePattern> include;          // db.table globs; empty: every table
    std::vector<NamePattern> exclude;          // db.table globs
    std::vector<NamePattern> exclude_columns;  // db.table.column globs

    bool captures(std::string_view db, std::string_view table) const;
    bool drops_column(std::string_view db, std::string_view table, std::string_view column) const;

    bool operator==(const FilterConfig&) const = default;
};

}  // namespace b2k::config
