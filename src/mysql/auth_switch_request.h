#pragma once
// Protocol::AuthSwitchRequest (0xfe during authentication): the server wants another plugin.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html
// The client answers with Protocol::AuthSwitchResponse: the new plugin's data, unwrapped.

#include <string>
#include <vector>

#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::mysql {

inline constexpr std::uint8_t kAuthSwitchHeader = 0xfe;

struct AuthSwitchRequest {
    std::string plugin_name;
    std::vector<std::byte> plugin_data;  // as sent (servers append a NUL to the 20-byte nonce)

    // plugin_data without one trailing NUL: the nonce the plugin hashes with.
    wire::Bytes nonce() const noexcept;
};

// A lone 0xfe byte is the pre-4.1 "old password" switch, reported as Errc::unsupported.
[[nodiscard]] Result<AuthSwitchRequest> parse_auth_switch_request(wire::Bytes payload);

}  // namespace b2k::mysql
