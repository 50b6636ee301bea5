#pragma once
// ResultSet: a text-protocol query result, fully read into memory (for the small results of
// SHOW and SELECT statements the replica session and the schema tracker run).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mysql/column_definition.h"

namespace b2k::mysql {

// One row: each value as the server's text, std::nullopt for SQL NULL.
using Row = std::vector<std::optional<std::string>>;

struct ResultSet {
    std::vector<ColumnDefinition> columns;  // empty for statements without a result set
    std::vector<Row> rows;
    // From the terminating OK (or EOF) packet.
    std::uint64_t affected_rows = 0;
    std::uint64_t last_insert_id = 0;
    std::uint16_t warnings = 0;
    std::uint16_t status_flags = 0;
    std::string info;

    std::vector<std::string> column_names() const;
    // Index of the first column named `name` (exact match), or std::nullopt.
    std::optional<std::size_t> column_index(std::string_view name) const noexcept;
};

}  // namespace b2k::mysql
