#include "mysql/handshake_v10.h"

#include <algorithm>

namespace b2k::mysql {

std::vector<std::byte> HandshakeV10::nonce() const {
    std::vector<std::byte> out(auth_plugin_data_1);
    wire::Bytes part2(auth_plugin_data_2);
    if (!part2.empty() && part2.back() == std::byte{0}) part2 = part2.first(part2.size() - 1);
    out.insert(out.end(), part2.begin(), part2.end());
    return out;
}

bool HandshakeV10::is_mariadb() const noexcept {
    return server_version.find("MariaDB") != std::string::npos;
}

std::string_view HandshakeV10::version() const noexcept {
    std::string_view v = server_version;
    if (is_mariadb() && v.starts_with("5.5.5-")) v.remove_prefix(6);
    return v;
}

Result<HandshakeV10> parse_handshake_v10(wire::Bytes payload) {
    wire::ByteReader r(payload);
    HandshakeV10 hs;
    hs.protocol_version = r.u8();
    B2K_TRY(r.status("server greeting"));
    if (hs.protocol_version != 10) {
        return failure(Errc::unsupported,
                       "the server speaks protocol version " + std::to_string(hs.protocol_version) +
                           " (MySQL 3.21 or older); binlog2kafka needs protocol 10 (MySQL 5.0+)");
    }
    hs.server_version = std::string(r.null_terminated_str());
    hs.connection_id = r.u32le();
    const auto part1 = r.bytes(8);
    hs.auth_plugin_data_1.assign(part1.begin(), part1.end());
    r.skip(1);  // filler
    std::uint64_t caps = r.u16le();
    B2K_TRY(r.status("server greeting"));
    if (!r.empty()) {
        hs.character_set = r.u8();
        hs.status_flags = r.u16le();
        caps |= static_cast<std::uint64_t>(r.u16le()) << 16;
        hs.auth_plugin_data_len = r.u8();
        r.skip(6);
        // MariaDB: "if not (capabilities & CLIENT_MYSQL)" these 4 bytes are its extended
        // capabilities; MySQL sends zeros, so reading them unconditionally is harmless.
        caps |= static_cast<std::uint64_t>(r.u32le()) << 32;
        hs.capabilities = Capabilities(caps);
        B2K_TRY(r.status("server greeting"));
        if (hs.capabilities.has(Capability::CLIENT_SECURE_CONNECTION)) {
            // "$len = MAX(13, length of auth-plugin-data - 8)"
            const std::size_t len = std::max<std::size_t>(
                13, hs.auth_plugin_data_len > 8 ? std::size_t{hs.auth_plugin_data_len} - 8 : 0);
            // Some servers end the packet early when there is no plugin name.
            const auto part2 = r.bytes(std::min(len, r.remaining()));
            hs.auth_plugin_data_2.assign(part2.begin(), part2.end());
        }
        if (hs.capabilities.has(Capability::CLIENT_PLUGIN_AUTH) && !r.empty()) {
            // MySQL 5.5.7-5.5.9 omitted the terminating NUL: take the rest then.
            const auto rest = r.peek_rest();
            const bool has_nul = std::find(rest.begin(), rest.end(), std::byte{0}) != rest.end();
            hs.auth_plugin_name =
                std::string(has_nul ? r.null_terminated_str() : wire::as_chars(r.rest()));
        }
    } else {
        hs.capabilities = Capabilities(caps);
    }
    // Bytes after the plugin name are ignored, not an error: a newer server may append fields,
    // and refusing its greeting would make every connection fail.
    B2K_TRY(r.status("server greeting"));
    return hs;
}

}  // namespace b2k::mysql
