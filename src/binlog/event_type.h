#pragma once
// Binlog event type codes.
// MySQL: https://dev.mysql.com/doc/dev/mysql-server/latest/namespacemysql_1_1binlog_1_1event.html
//        (Log_event_type in libs/mysql/binlog/event/binlog_event.h)
// MariaDB: https://mariadb.com/kb/en/2-binlog-event-header/ (types 160+)

#include <cstdint>
#include <string_view>

namespace b2k::binlog {

// NOLINTBEGIN(readability-identifier-naming): names kept as in the server sources.
enum class EventType : std::uint8_t {
    UNKNOWN_EVENT = 0,
    START_EVENT_V3 = 1,
    QUERY_EVENT = 2,
    STOP_EVENT = 3,
    ROTATE_EVENT = 4,
    INTVAR_EVENT = 5,
    LOAD_EVENT = 6,
    SLAVE_EVENT = 7,
    CREATE_FILE_EVENT = 8,
    APPEND_BLOCK_EVENT = 9,
    EXEC_LOAD_EVENT = 10,
    DELETE_FILE_EVENT = 11,
    NEW_LOAD_EVENT = 12,
    RAND_EVENT = 13,
    USER_VAR_EVENT = 14,
    FORMAT_DESCRIPTION_EVENT = 15,
    XID_EVENT = 16,
    BEGIN_LOAD_QUERY_EVENT = 17,
    EXECUTE_LOAD_QUERY_EVENT = 18,
    TABLE_MAP_EVENT = 19,
    PRE_GA_WRITE_ROWS_EVENT = 20,
    PRE_GA_UPDATE_ROWS_EVENT = 21,
    PRE_GA_DELETE_ROWS_EVENT = 22,
    WRITE_ROWS_EVENT_V1 = 23,
    UPDATE_ROWS_EVENT_V1 = 24,
    DELETE_ROWS_EVENT_V1 = 25,
    INCIDENT_EVENT = 26,
    HEARTBEAT_LOG_EVENT = 27,
    IGNORABLE_LOG_EVENT = 28,
    ROWS_QUERY_LOG_EVENT = 29,
    WRITE_ROWS_EVENT = 30,
    UPDATE_ROWS_EVENT = 31,
    DELETE_ROWS_EVENT = 32,
    GTID_LOG_EVENT = 33,
    ANONYMOUS_GTID_LOG_EVENT = 34,
    PREVIOUS_GTIDS_LOG_EVENT = 35,
    TRANSACTION_CONTEXT_EVENT = 36,
    VIEW_CHANGE_EVENT = 37,
    XA_PREPARE_LOG_EVENT = 38,
    PARTIAL_UPDATE_ROWS_EVENT = 39,
    TRANSACTION_PAYLOAD_EVENT = 40,
    HEARTBEAT_LOG_EVENT_V2 = 41,
    GTID_TAGGED_LOG_EVENT = 42,
    // MariaDB
    ANNOTATE_ROWS_EVENT = 160,
    BINLOG_CHECKPOINT_EVENT = 161,
    GTID_EVENT = 162,
    GTID_LIST_EVENT = 163,
    START_ENCRYPTION_EVENT = 164,
    QUERY_COMPRESSED_EVENT = 165,
    WRITE_ROWS_COMPRESSED_EVENT_V1 = 166,
    UPDATE_ROWS_COMPRESSED_EVENT_V1 = 167,
    DELETE_ROWS_COMPRESSED_EVENT_V1 = 168,
    WRITE_ROWS_COMPRESSED_EVENT = 169,
    UPDATE_ROWS_COMPRESSED_EVENT = 170,
    DELETE_ROWS_COMPRESSED_EVENT = 171,
};
// NOLINTEND(readability-identifier-naming)

// The spec name ("WRITE_ROWS_EVENT"), or "UNKNOWN(<n>)"-style text for codes we don't know.
std::string_view event_type_name(EventType t) noexcept;
std::string event_type_label(std::uint8_t code);

// Header flags (LOG_EVENT_*_F).
inline constexpr std::uint16_t kLogEventBinlogInUseF = 0x1;
inline constexpr std::uint16_t kLogEventArtificialF = 0x20;
inline constexpr std::uint16_t kLogEventRelayLogF = 0x40;
inline constexpr std::uint16_t kLogEventIgnorableF = 0x80;

}  // namespace b2k::binlog
