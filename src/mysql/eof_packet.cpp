#include "mysql/eof_packet.h"

#include "mysql/ok_packet.h"

namespace b2k::mysql {

Result<EofPacket> parse_eof_packet(wire::Bytes payload, Capabilities caps) {
    wire::ByteReader r(payload);
    const std::uint8_t header = r.u8();
    EofPacket eof;
    if (caps.has(Capability::CLIENT_PROTOCOL_41)) {
        eof.warnings = r.u16le();
        eof.status_flags = r.u16le();
    }
    B2K_TRY(r.finish("EOF packet"));
    if (header != kEofHeader) {
        return failure(Errc::protocol, "expected an EOF packet, got a packet starting with byte " +
                                           std::to_string(header));
    }
    return eof;
}

}  // namespace b2k::mysql
