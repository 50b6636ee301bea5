#include "mysql/auth_switch_request.h"

namespace b2k::mysql {

wire::Bytes AuthSwitchRequest::nonce() const noexcept {
    wire::Bytes d(plugin_data);
    if (!d.empty() && d.back() == std::byte{0}) d = d.first(d.size() - 1);
    return d;
}

Result<AuthSwitchRequest> parse_auth_switch_request(wire::Bytes payload) {
    wire::ByteReader r(payload);
    const std::uint8_t header = r.u8();
    B2K_TRY(r.status("auth switch request"));
    if (header != kAuthSwitchHeader) {
        return failure(Errc::protocol,
                       "expected an auth switch request, got a packet starting with byte " +
                           std::to_string(header));
    }
    if (r.empty()) {
        return failure(Errc::unsupported,
                       "the server asked for the pre-4.1 password hashing (mysql_old_password), "
                       "which binlog2kafka does not support: give the user a "
                       "mysql_native_password or caching_sha2_password password");
    }
    AuthSwitchRequest req;
    req.plugin_name = std::string(r.null_terminated_str());
    const auto data = r.rest();
    req.plugin_data.assign(data.begin(), data.end());
    B2K_TRY(r.status("auth switch request"));
    return req;
}

}  // namespace b2k::mysql
