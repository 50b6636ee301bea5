#pragma once
// Owned, parsed binlog events. One struct per event kind, named after the spec; an Event holds
// its common header and one of them. Decoders live in event_parser.cpp (framing, control events)
// and in table_map_event.cpp / rows_event.cpp (row-based replication).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "binlog/event_header.h"
#include "binlog/format_description.h"
#include "binlog/rows_event.h"
#include "binlog/table_map_event.h"
#include "gtid/uuid.h"

namespace b2k::binlog {

// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Query__event.html
struct QueryEvent {
    std::uint32_t thread_id = 0;
    std::uint32_t exec_time = 0;
    std::uint16_t error_code = 0;
    std::string db;
    std::string query;
    // Status variables we use (Q_* codes); others are skipped by their known sizes.
    std::optional<std::uint32_t> flags2;
    std::optional<std::uint64_t> sql_mode;
    std::optional<std::array<std::uint16_t, 3>> charset;  // client, connection, server collations
    std::string time_zone;
    std::optional<std::uint16_t> default_collation_for_utf8mb4;
    std::optional<std::uint64_t> ddl_xid;  // Q_DDL_LOGGED_WITH_XID (MySQL 8 atomic DDL)
    std::optional<std::uint64_t> xid;      // MariaDB Q_XID
    // MariaDB Q_GTID_FLAGS3: the group's GTID flags_extra (two-phase ALTER phase,
    // MariadbGtidEvent::kFl*Alter), and the START ALTER's seq for COMMIT/ROLLBACK ALTER.
    std::uint8_t gtid_flags_extra = 0;
    std::optional<std::uint64_t> start_alter_seq;
    bool compressed = false;  // MariaDB QUERY_COMPRESSED_EVENT
};

struct RotateEvent {
    std::uint64_t position = 0;
    std::string next_file;
};
struct StopEvent {};
struct XidEvent {
    std::uint64_t xid = 0;
};
struct XaPrepareEvent {
    bool one_phase = false;
    std::int32_t format_id = 0;
    std::string gtrid;
    std::string bqual;
};
struct IntvarEvent {
    std::uint8_t kind = 0;  // 1 LAST_INSERT_ID, 2 INSERT_ID
    std::uint64_t value = 0;
};
struct RandEvent {
    std::uint64_t seed1 = 0;
    std::uint64_t seed2 = 0;
};
struct UserVarEvent {
    std::string name;
    bool is_null = false;
    std::uint8_t value_type = 0;
    std::uint32_t charset = 0;
    std::string value;
    std::uint8_t flags = 0;
};
// BEGIN_LOAD_QUERY and APPEND_BLOCK carry a block of a LOAD DATA file.
struct LoadBlockEvent {
    std::uint32_t file_id = 0;
    std::uint32_t block_size = 0;
};
struct ExecuteLoadQueryEvent {
    QueryEvent query;
    std::uint32_t file_id = 0;
};
struct DeleteFileEvent {
    std::uint32_t file_id = 0;
};
struct TransactionContextEvent {
    std::string server_uuid;
    std::uint32_t thread_id = 0;
    bool gtid_specified = false;
};
struct ViewChangeEvent {
    std::string view_id;
    std::uint64_t seq_number = 0;
};
struct RowsQueryEvent {  // also MariaDB ANNOTATE_ROWS
    std::string query;
};
// GTID, ANONYMOUS_GTID and GTID_TAGGED (MySQL).
struct MysqlGtidEvent {
    bool anonymous = false;
    std::uint8_t flags = 0;  // bit 0: may have been committed in parallel ("commit flag")
    gtid::Uuid uuid{};
    std::string tag;
    std::int64_t gno = 0;
    std::int64_t last_committed = 0;
    std::int64_t sequence_number = 0;
    std::uint64_t immediate_commit_timestamp = 0;  // microseconds; 0 if absent (< 8.0.1)
    std::uint64_t original_commit_timestamp = 0;
    std::uint64_t transaction_length = 0;
};
struct PreviousGtidsEvent {
    std::vector<std::byte> encoded;  // the set in its wire encoding (gtid::MysqlGtidSet decodes)
};
struct TransactionPayloadEvent {
    std::uint64_t compression = 0;  // 0 zstd, 255 none
    std::uint64_t uncompressed_size = 0;
    std::vector<std::byte> payload;
};
struct HeartbeatEvent {
    std::string log_file;
    std::uint64_t log_pos = 0;
};
struct IncidentEvent {
    std::uint16_t incident = 0;
    std::string message;
};
struct BinlogCheckpointEvent {
    std::string file;
};
// MariaDB GTID_EVENT: replaces BEGIN; flags mark standalone (DDL) and XA groups.
// https://mariadb.com/kb/en/gtid_event/
struct MariadbGtidEvent {
    std::uint64_t seq = 0;
    std::uint32_t domain = 0;
    std::uint8_t flags2 = 0;
    std::optional<std::uint64_t> commit_id;
    std::optional<XaPrepareEvent> xid;  // for XA PREPARE / XA COMMIT groups
    // MariaDB 10.8+ (after the above, when the event is long enough): flags_extra, the number
    // of other engines (kFlExtraMultiEngine) and, for the second half of a two-phase ALTER
    // (binlog_alter_two_phase), the seq of its START ALTER.
    std::uint8_t flags_extra = 0;
    std::uint8_t extra_engines = 0;
    std::optional<std::uint64_t> start_alter_seq;
    static constexpr std::uint8_t kFlExtraMultiEngine = 1;
    static constexpr std::uint8_t kFlStartAlter = 2;
    static constexpr std::uint8_t kFlCommitAlter = 4;
    static constexpr std::uint8_t kFlRollbackAlter = 8;
    static constexpr std::uint8_t kFlStandalone = 1;
    static constexpr std::uint8_t kFlGroupCommitId = 2;
    static constexpr std::uint8_t kFlTransactional = 4;
    static constexpr std::uint8_t kFlAllowParallel = 8;
    static constexpr std::uint8_t kFlWaited = 16;
    static constexpr std::uint8_t kFlDdl = 32;
    static constexpr std::uint8_t kFlPreparedXa = 64;
    static constexpr std::uint8_t kFlCompletedXa = 128;
};
struct GtidListEvent {
    std::vector<std::byte> encoded;  // body as on the wire (gtid::MariadbGtidList decodes)
    std::uint8_t flags = 0;
};
// An event we do not interpret (ignorable or explicitly skipped, e.g. Aurora's type 100).
struct IgnoredEvent {};

using EventBody =
    std::variant<FormatDescription, QueryEvent, RotateEvent, StopEvent, XidEvent, XaPrepareEvent,
                 IntvarEvent, RandEvent, UserVarEvent, LoadBlockEvent, ExecuteLoadQueryEvent,
                 DeleteFileEvent, TransactionContextEvent, ViewChangeEvent, TableMapEvent,
                 RowsEvent, RowsQueryEvent, MysqlGtidEvent, PreviousGtidsEvent,
                 TransactionPayloadEvent, HeartbeatEvent, IncidentEvent, BinlogCheckpointEvent,
                 MariadbGtidEvent, GtidListEvent, IgnoredEvent>;

struct Event {
    EventHeader header;
    std::uint64_t offset = 0;  // where the event starts (inside a payload: the payload's start)
    bool in_payload = false;   // came out of a TRANSACTION_PAYLOAD_EVENT
    EventBody body;
};

}  // namespace b2k::binlog
