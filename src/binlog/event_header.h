#pragma once
// The common header every v4 binlog event starts with (19 bytes; the format description may
// declare a longer one, whose extra bytes are skipped).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html

#include <cstdint>

#include "binlog/event_type.h"
#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::binlog {

inline constexpr std::size_t kCommonHeaderLength = 19;
inline constexpr std::size_t kChecksumLength = 4;
inline constexpr std::uint8_t kBinlogMagic[4] = {0xfe, 0x62, 0x69, 0x6e};  // "\xfebin"

struct EventHeader {
    std::uint32_t timestamp = 0;
    std::uint8_t type_code = 0;
    std::uint32_t server_id = 0;
    std::uint32_t event_size = 0;
    std::uint32_t log_pos = 0;  // position of the next event; 0 for artificial/payload events
    std::uint16_t flags = 0;

    EventType type() const noexcept { return static_cast<EventType>(type_code); }
};

inline EventHeader read_event_header(wire::ByteReader& r) {
    EventHeader h;
    h.timestamp = r.u32le();
    h.type_code = r.u8();
    h.server_id = r.u32le();
    h.event_size = r.u32le();
    h.log_pos = r.u32le();
    h.flags = r.u16le();
    return h;
}

}  // namespace b2k::binlog
