#include "mysql/auth_more_data.h"

#include <string>

namespace b2k::mysql {

Result<wire::Bytes> parse_auth_more_data(wire::Bytes payload) {
    wire::ByteReader r(payload);
    const std::uint8_t header = r.u8();
    B2K_TRY(r.status("auth more data"));
    if (header != kAuthMoreDataHeader) {
        return failure(Errc::protocol, "expected auth more data, got a packet starting with byte " +
                                           std::to_string(header));
    }
    return r.rest();
}

}  // namespace b2k::mysql
