#pragma once
// OK_Packet (and the OK that replaces EOF under CLIENT_DEPRECATE_EOF).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html

#include <cstdint>
#include <string>

#include "common/result.h"
#include "mysql/capabilities.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

inline constexpr std::uint8_t kOkHeader = 0x00;
inline constexpr std::uint8_t kEofHeader = 0xfe;
inline constexpr std::uint8_t kErrHeader = 0xff;

struct OkPacket {
    std::uint64_t affected_rows = 0;
    std::uint64_t last_insert_id = 0;
    std::uint16_t status_flags = 0;
    std::uint16_t warnings = 0;
    std::string info;  // human-readable; with CLIENT_SESSION_TRACK the session state is skipped
};

// Parses an OK packet; its header byte may be 0x00 or (as a result-set terminator under
// CLIENT_DEPRECATE_EOF) 0xfe.
[[nodiscard]] Result<OkPacket> parse_ok_packet(wire::Bytes payload, Capabilities caps);

// True for a payload that is an OK packet (header 0x00) — not a row nor an EOF.
inline bool is_ok_packet(wire::Bytes payload) noexcept {
    return !payload.empty() && static_cast<std::uint8_t>(payload[0]) == kOkHeader;
}
// True for an EOF packet, or an OK packet with the 0xfe header: a 0xfe first byte on a payload
// shorter than 0xffffff bytes (a text row whose first value starts with 0xfe would declare a
// value of at least 16 MiB, so its payload cannot be that short).
inline bool is_eof_packet(wire::Bytes payload) noexcept {
    return !payload.empty() && static_cast<std::uint8_t>(payload[0]) == kEofHeader &&
           payload.size() < 0xffffff;
}
inline bool is_err_packet(wire::Bytes payload) noexcept {
    return !payload.empty() && static_cast<std::uint8_t>(payload[0]) == kErrHeader;
}

}  // namespace b2k::mysql
