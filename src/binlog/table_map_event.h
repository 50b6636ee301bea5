#pragma once
// TABLE_MAP_EVENT: maps a table id to a table and describes its columns as the binlog sees them.
// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Table__map__event.html
// Optional metadata (binlog_row_metadata): MySQL >= 8.0.1, MariaDB >= 10.5.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "binlog/column_type.h"
#include "binlog/flavor.h"
#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::binlog {

// Optional metadata field types (enum_optional_metadata_field_type).
enum class OptionalMetadata : std::uint8_t {
    SIGNEDNESS = 1,
    DEFAULT_CHARSET = 2,
    COLUMN_CHARSET = 3,
    COLUMN_NAME = 4,
    SET_STR_VALUE = 5,
    ENUM_STR_VALUE = 6,
    GEOMETRY_TYPE = 7,
    SIMPLE_PRIMARY_KEY = 8,
    PRIMARY_KEY_WITH_PREFIX = 9,
    ENUM_AND_SET_DEFAULT_CHARSET = 10,
    ENUM_AND_SET_COLUMN_CHARSET = 11,
    COLUMN_VISIBILITY = 12,
    VECTOR_DIMENSIONALITY = 13,
};

// One column as the TABLE_MAP describes it.
struct ColumnDef {
    ColumnType type = ColumnType::MYSQL_TYPE_NULL;       // real type (STRING resolved to ENUM/SET)
    ColumnType wire_type = ColumnType::MYSQL_TYPE_NULL;  // type code as written
    std::uint8_t meta0 = 0;  // raw metadata bytes as written (0 when the type has none)
    std::uint8_t meta1 = 0;
    bool nullable = true;

    // Derived from the metadata:
    std::uint32_t length = 0;    // STRING/VARCHAR: max bytes; BLOB/JSON/GEOMETRY/VECTOR: length
                                 // prefix bytes; FLOAT/DOUBLE: pack length; ENUM/SET: storage bytes
    std::uint8_t precision = 0;  // NEWDECIMAL
    std::uint8_t scale = 0;      // NEWDECIMAL
    std::uint8_t fsp = 0;        // TIME2/DATETIME2/TIMESTAMP2
    std::uint16_t bits = 0;      // BIT: total bits

    // From optional metadata, when present:
    std::optional<bool> is_unsigned;
    std::optional<std::uint32_t> collation;
    std::string name;
    std::vector<std::string> labels;  // ENUM/SET strings
    std::optional<std::uint32_t> geometry_type;
    std::optional<bool> visible;
    std::optional<std::uint32_t> vector_dimensions;
};

struct TableMapEvent {
    std::uint64_t table_id = 0;
    std::uint16_t flags = 0;
    std::string db;
    std::string table;
    std::vector<ColumnDef> columns;
    std::vector<std::uint32_t> primary_key;         // column indexes, when the metadata says
    std::vector<std::uint32_t> primary_key_prefix;  // prefix length per key column (0 = whole)
    std::uint32_t optional_kinds = 0;               // bit (1 << kind) per optional field present
    std::uint64_t map_seq = 0;  // set by the decoder: changes whenever this id is re-mapped

    bool has(OptionalMetadata k) const noexcept {
        return (optional_kinds & (1u << static_cast<unsigned>(k))) != 0;
    }
    bool has_column_names() const noexcept { return has(OptionalMetadata::COLUMN_NAME); }
};

// Columns counted by SIGNEDNESS; character columns counted by the charset fields.
bool is_numeric_column(ColumnType t) noexcept;
bool is_character_column(const ColumnDef& c, Flavor flavor) noexcept;
bool is_enum_or_set_column(const ColumnDef& c) noexcept;

// Parses a TABLE_MAP body (after the common header, checksum removed). `post_header_len` is
// the format description's entry (6 on servers with 4-byte table ids, 8 otherwise).
Result<TableMapEvent> parse_table_map(wire::Bytes body, std::uint8_t post_header_len,
                                      Flavor flavor);

}  // namespace b2k::binlog
