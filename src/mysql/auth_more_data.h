#pragma once
// Protocol::AuthMoreData (0x01 during authentication): plugin-specific data from the server,
// e.g. caching_sha2_password's fast-auth result or its RSA public key.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_more_data.html

#include <cstdint>

#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

inline constexpr std::uint8_t kAuthMoreDataHeader = 0x01;

// The data after the 0x01 header (a view into `payload`).
[[nodiscard]] Result<wire::Bytes> parse_auth_more_data(wire::Bytes payload);

}  // namespace b2k::mysql
