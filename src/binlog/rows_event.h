#pragma once
// WRITE/UPDATE/DELETE_ROWS (pre-GA, v1, v2), PARTIAL_UPDATE_ROWS and MariaDB's compressed
// variants: the header and column bitmaps. Row images are read by RowReader (row_reader.h).
// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Rows__event.html
// https://mariadb.com/kb/en/rows_event_v1v2-rows_compressed_event_v1/

#include <cstdint>
#include <vector>

#include "binlog/event_type.h"
#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::binlog {

enum class RowsKind : std::uint8_t { write, update, del, partial_update };

struct RowsEvent {
    RowsKind kind = RowsKind::write;
    std::uint8_t version = 2;  // 0 pre-GA, 1, 2
    bool compressed = false;   // MariaDB *_COMPRESSED_EVENT: rows were zlib-compressed
    std::uint64_t table_id = 0;
    std::uint16_t flags = 0;
    std::vector<std::byte> extra_data;  // v2 extra row info (without its length field)
    std::uint32_t column_count = 0;
    std::vector<std::uint8_t> present_before;  // bitmap (before image / only image)
    std::vector<std::uint8_t> present_after;   // bitmap (after image of updates)
    std::vector<std::byte> rows;               // the row images, uncompressed

    static constexpr std::uint16_t kStmtEndF = 1;

    bool is_update() const noexcept {
        return kind == RowsKind::update || kind == RowsKind::partial_update;
    }
    bool statement_end() const noexcept { return (flags & kStmtEndF) != 0; }
};

// Is this a rows event type (any version, compressed or not)?
bool is_rows_event(EventType t) noexcept;

// Parses a rows event body (after the common header, checksum removed).
Result<RowsEvent> parse_rows_event(EventType type, wire::Bytes body, std::uint8_t post_header_len);

// MariaDB compressed payload: 1 header byte (0x80 | algorithm << 4 | length-of-length), the
// uncompressed length big-endian, then a zlib stream. Appends the uncompressed bytes to `out`.
Result<void> mariadb_uncompress(wire::Bytes in, std::vector<std::byte>& out);

}  // namespace b2k::binlog
