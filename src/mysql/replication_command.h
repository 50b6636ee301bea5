#pragma once
// The replica's commands: register, then ask for the binlog stream. Pure encoders; the
// replication session (src/replication/) decides what to send.

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

// Flags of COM_BINLOG_DUMP / COM_BINLOG_DUMP_GTID.
enum class BinlogDumpFlag : std::uint16_t {
    BINLOG_DUMP_NON_BLOCK = 0x01,  // end with an EOF packet at the server's current end
    BINLOG_THROUGH_POSITION = 0x02,
    BINLOG_THROUGH_GTID = 0x04,
};

// COM_REGISTER_SLAVE. The password field is always sent empty: the server does not check it,
// and an RDS IAM token would not fit its 255 bytes.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_register_slave.html
struct RegisterSlave {
    std::uint32_t server_id = 0;
    std::string hostname;  // shown by SHOW REPLICAS / SHOW SLAVE HOSTS (<= 255 bytes)
    std::string user;      // ditto (<= 255 bytes)
    std::uint16_t port = 0;
    std::uint32_t replication_rank = 0;  // ignored by servers
    std::uint32_t master_id = 0;         // ignored by servers
};
// Fails (Errc::config) when hostname or user exceeds 255 bytes.
[[nodiscard]] Result<std::vector<std::byte>> encode_register_slave(const RegisterSlave& r);

// COM_BINLOG_DUMP: stream from a file and position. The position field is 4 bytes; positions
// below 4 (the file's magic) are sent as 4, the first event.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_binlog_dump.html
struct BinlogDump {
    std::uint32_t position = 4;
    std::uint16_t flags = 0;  // BinlogDumpFlag bits
    std::uint32_t server_id = 0;
    std::string filename;  // empty: the server's first file
};
std::vector<std::byte> encode_binlog_dump(const BinlogDump& d);

// COM_BINLOG_DUMP_GTID (MySQL 5.6+): stream everything not in `gtid_set` (the encoded set, see
// gtid::MysqlGtidSet::encode). BINLOG_THROUGH_GTID is always set and the set's size and bytes
// always sent, so servers that read them unconditionally and those that test the flag agree.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_binlog_dump_gtid.html
struct BinlogDumpGtid {
    std::uint16_t flags = 0;  // BinlogDumpFlag bits (BINLOG_THROUGH_GTID is added)
    std::uint32_t server_id = 0;
    std::string filename;        // usually empty
    std::uint64_t position = 4;  // positions below 4 are sent as 4
    std::vector<std::byte> gtid_set;
};
std::vector<std::byte> encode_binlog_dump_gtid(const BinlogDumpGtid& d);

}  // namespace b2k::mysql
