#pragma once
// Command-phase packets the client sends (text protocol).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_command_phase.html
// Each command starts a new sequence: its packet has sequence id 0.

#include <cstdint>
#include <string_view>
#include <vector>

namespace b2k::mysql {

enum class Command : std::uint8_t {
    COM_SLEEP = 0x00,
    COM_QUIT = 0x01,
    COM_INIT_DB = 0x02,
    COM_QUERY = 0x03,
    COM_FIELD_LIST = 0x04,
    COM_STATISTICS = 0x09,
    COM_PING = 0x0e,
    COM_BINLOG_DUMP = 0x12,
    COM_REGISTER_SLAVE = 0x15,
    COM_BINLOG_DUMP_GTID = 0x1e,
};

// COM_QUERY: the statement text as it is (no query attributes: CLIENT_QUERY_ATTRIBUTES is
// never requested).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query.html
std::vector<std::byte> encode_com_query(std::string_view sql);
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_quit.html
std::vector<std::byte> encode_com_quit();
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_ping.html
std::vector<std::byte> encode_com_ping();

}  // namespace b2k::mysql
