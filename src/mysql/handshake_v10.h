#pragma once
// Protocol::HandshakeV10: the server's greeting, the first packet of a connection.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html
// https://mariadb.com/kb/en/connection/#initial-handshake-packet (MariaDB's extended
// capabilities in the last 4 of the 10 reserved bytes)

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "mysql/capabilities.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

struct HandshakeV10 {
    std::uint8_t protocol_version = 10;
    std::string server_version;  // as sent: MariaDB 10+ prefixes "5.5.5-"
    std::uint32_t connection_id = 0;
    std::vector<std::byte> auth_plugin_data_1;  // 8 bytes
    std::vector<std::byte> auth_plugin_data_2;  // as sent (usually 12 bytes and a NUL)
    // Capability flags: the two 16-bit halves, plus MariaDB's extended word in the upper 32
    // bits (zero from MySQL, which sends zeros there).
    Capabilities capabilities;
    std::uint8_t character_set = 0;
    std::uint16_t status_flags = 0;
    std::uint8_t auth_plugin_data_len = 0;
    std::string auth_plugin_name;  // empty without CLIENT_PLUGIN_AUTH

    // The nonce ("scramble") the auth plugins hash with: part 1 and part 2 without part 2's
    // trailing NUL (20 bytes from every server since 4.1).
    std::vector<std::byte> nonce() const;
    // MariaDB 10.0+ (its greeting says "MariaDB"; 10.2+ also clears CLIENT_MYSQL).
    bool is_mariadb() const noexcept;
    // The version without MariaDB's "5.5.5-" compatibility prefix.
    std::string_view version() const noexcept;
};

[[nodiscard]] Result<HandshakeV10> parse_handshake_v10(wire::Bytes payload);

}  // namespace b2k::mysql
