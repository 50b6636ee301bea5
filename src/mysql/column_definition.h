#pragma once
// Protocol::ColumnDefinition41: one column of a text result set.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_column_definition.html

#include <cstdint>
#include <string>

#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

struct ColumnDefinition {
    std::string schema;
    std::string table;      // alias
    std::string org_table;  // physical table
    std::string name;       // alias (what SELECT ... AS gives)
    std::string org_name;   // physical column
    std::uint16_t character_set = 0;
    std::uint32_t column_length = 0;
    std::uint8_t type = 0;  // a binlog::ColumnType value (MYSQL_TYPE_*)
    std::uint16_t flags = 0;
    std::uint8_t decimals = 0;
};

// The "def" catalog is checked; the fixed-length fields must be 0x0c bytes long. Bytes after them
// (COM_FIELD_LIST's default value) are ignored.
[[nodiscard]] Result<ColumnDefinition> parse_column_definition(wire::Bytes payload);

}  // namespace b2k::mysql
