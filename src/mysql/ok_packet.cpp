#include "mysql/ok_packet.h"

#include "mysql/server_status.h"

namespace b2k::mysql {

Result<OkPacket> parse_ok_packet(wire::Bytes payload, Capabilities caps) {
    wire::ByteReader r(payload);
    const std::uint8_t header = r.u8();
    if (r.ok() && header != kOkHeader && header != kEofHeader) {
        return failure(Errc::protocol, "expected an OK packet, got a packet starting with byte " +
                                           std::to_string(header));
    }
    OkPacket ok;
    ok.affected_rows = r.lenenc_int();
    ok.last_insert_id = r.lenenc_int();
    if (caps.has(Capability::CLIENT_PROTOCOL_41)) {
        ok.status_flags = r.u16le();
        ok.warnings = r.u16le();
    } else if (caps.has(Capability::CLIENT_TRANSACTIONS)) {
        ok.status_flags = r.u16le();
    }
    B2K_TRY(r.status("OK packet"));
    if (caps.has(Capability::CLIENT_SESSION_TRACK)) {
        // Servers may end the packet right after the status fields.
        if (!r.empty()) ok.info = std::string(r.lenenc_str());
        if (!r.empty() && has_status(ok.status_flags, ServerStatus::SERVER_SESSION_STATE_CHANGED)) {
            (void)r.lenenc_bytes();
        }
        B2K_TRY(r.finish("OK packet"));
    } else {
        ok.info = std::string(wire::as_chars(r.rest()));
    }
    return ok;
}

}  // namespace b2k::mysql
