#pragma once
// Protocol::HandshakeResponse41: the client's answer to the greeting.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "mysql/capabilities.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

// utf8mb4_general_ci: exists under this id on every MySQL and MariaDB with utf8mb4 (MySQL's
// default 255, utf8mb4_0900_ai_ci, does not exist on MariaDB before 11.4).
inline constexpr std::uint8_t kDefaultCollation = 45;
// What we announce as the largest packet we accept (1 GiB, the protocol's maximum).
inline constexpr std::uint32_t kClientMaxPacketSize = 1U << 30;

struct HandshakeResponse41 {
    // Must include CLIENT_PROTOCOL_41. CLIENT_CONNECT_WITH_DB and CLIENT_CONNECT_ATTRS decide
    // whether `database` and `attributes` are sent; CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA and
    // CLIENT_SECURE_CONNECTION how `auth_response` is.
    Capabilities capabilities;
    std::uint32_t max_packet_size = kClientMaxPacketSize;
    std::uint8_t collation = kDefaultCollation;
    std::string user;
    std::vector<std::byte> auth_response;
    std::string database;
    std::string auth_plugin_name;
    std::vector<std::pair<std::string, std::string>> attributes;
};

// Encodes the payload. Fails (Errc::config) when the user, database or plugin name holds a NUL,
// or (Errc::bad_value) when the auth response is too long for the negotiated encoding.
[[nodiscard]] Result<std::vector<std::byte>> encode_handshake_response(
    const HandshakeResponse41& r);

// Protocol::SSLRequest: the first 32 bytes of a HandshakeResponse41 with CLIENT_SSL set; the
// TLS handshake follows it and the full response is sent inside TLS.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_ssl_request.html
std::vector<std::byte> encode_ssl_request(Capabilities caps,
                                          std::uint32_t max_packet_size = kClientMaxPacketSize,
                                          std::uint8_t collation = kDefaultCollation);

}  // namespace b2k::mysql
