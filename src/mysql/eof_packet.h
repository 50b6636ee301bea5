#pragma once
// EOF_Packet: ends column definitions and rows when CLIENT_DEPRECATE_EOF is not in use.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_eof_packet.html

#include <cstdint>

#include "common/result.h"
#include "mysql/capabilities.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

struct EofPacket {
    std::uint16_t warnings = 0;
    std::uint16_t status_flags = 0;
};

[[nodiscard]] Result<EofPacket> parse_eof_packet(wire::Bytes payload, Capabilities caps);

}  // namespace b2k::mysql
