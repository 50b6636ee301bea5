#pragma once
// ERR_Packet: a server error, and its conversion into an Error the user can act on.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

struct ErrPacket {
    std::uint16_t code = 0;
    std::string sql_state;  // 5 characters; empty when the server sent none
    std::string message;
};

// Parses an ERR packet. The SQL state ('#' and 5 characters) is read when present: servers
// omit it in errors sent before the client's capabilities are known (e.g. 1130 "Host ... is not
// allowed to connect" in place of the greeting), whatever CLIENT_PROTOCOL_41 says.
[[nodiscard]] Result<ErrPacket> parse_err_packet(wire::Bytes payload);

// The error for a server ERR packet: its category is server_error_category() and its value the
// server's error code, so callers can test for particular codes (server_error_code()).
// Message: "<doing>: <server message> (server error <code>, SQLSTATE <state>)".
Error server_error(const ErrPacket& err, std::string_view doing);

// The category of errors reported by the server (value = the server's error number).
const std::error_category& server_error_category() noexcept;

// The server's error number when `e` came from an ERR packet.
std::optional<std::uint16_t> server_error_code(const Error& e) noexcept;
inline bool is_server_error(const Error& e, std::uint16_t code) noexcept {
    return server_error_code(e) == code;
}

// Server error numbers this project reacts to.
// https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html
namespace server_errc {
inline constexpr std::uint16_t ER_CON_COUNT_ERROR = 1040;
inline constexpr std::uint16_t ER_DBACCESS_DENIED_ERROR = 1044;
inline constexpr std::uint16_t ER_ACCESS_DENIED_ERROR = 1045;
inline constexpr std::uint16_t ER_BAD_DB_ERROR = 1049;
inline constexpr std::uint16_t ER_HOST_NOT_PRIVILEGED = 1130;
inline constexpr std::uint16_t ER_SPECIFIC_ACCESS_DENIED_ERROR = 1227;
inline constexpr std::uint16_t ER_MASTER_FATAL_ERROR_READING_BINLOG = 1236;
inline constexpr std::uint16_t ER_NOT_SUPPORTED_AUTH_MODE = 1251;
inline constexpr std::uint16_t ER_MUST_CHANGE_PASSWORD_LOGIN = 1862;
inline constexpr std::uint16_t ER_SECURE_TRANSPORT_REQUIRED = 3159;
}  // namespace server_errc

}  // namespace b2k::mysql
