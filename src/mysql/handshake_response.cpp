#include "mysql/handshake_response.h"

#include <algorithm>

#include "common/check.h"
#include "wire/byte_writer.h"

namespace b2k::mysql {
namespace {

// The fixed 32-byte start shared with SSLRequest: client_flag int<4>, max_packet_size int<4>,
// character_set int<1>, filler string[23]. MariaDB reads its extended capabilities from the
// filler's last 4 bytes when the client clears CLIENT_MYSQL; we always set that bit (it is
// CLIENT_LONG_PASSWORD) and never ask for MariaDB extensions, so the filler is all zeros.
void write_prefix(wire::ByteWriter& w, Capabilities caps, std::uint32_t max_packet,
                  std::uint8_t collation) {
    w.u32le(caps.lower32());
    w.u32le(max_packet);
    w.u8(collation);
    w.zeros(19);
    w.u32le(caps.has(Capability::CLIENT_LONG_PASSWORD) ? 0 : caps.upper32());
}

Result<void> check_no_nul(std::string_view s, std::string_view what) {
    if (s.find('\0') != std::string_view::npos) {
        return failure(Errc::config, std::string(what) + " must not contain a NUL character");
    }
    return success();
}

}  // namespace

Result<std::vector<std::byte>> encode_handshake_response(const HandshakeResponse41& r) {
    B2K_CHECK(r.capabilities.has(Capability::CLIENT_PROTOCOL_41));
    B2K_TRY(check_no_nul(r.user, "the user name"));
    B2K_TRY(check_no_nul(r.database, "the database name"));
    B2K_TRY(check_no_nul(r.auth_plugin_name, "the auth plugin name"));
    const Capabilities caps = r.capabilities;
    wire::ByteWriter w(128 + r.user.size() + r.auth_response.size());
    write_prefix(w, caps, r.max_packet_size, r.collation);
    w.null_terminated_str(r.user);
    const wire::Bytes auth(r.auth_response);
    if (caps.has(Capability::CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
        w.lenenc_bytes(auth);
    } else if (caps.has(Capability::CLIENT_SECURE_CONNECTION)) {
        if (auth.size() > 255) {
            return failure(Errc::bad_value,
                           "the authentication response is " + std::to_string(auth.size()) +
                               " bytes, more than the 255 the server accepts without "
                               "CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA");
        }
        w.u8(static_cast<std::uint8_t>(auth.size()));
        w.bytes(auth);
    } else {
        if (std::find(auth.begin(), auth.end(), std::byte{0}) != auth.end()) {
            return failure(Errc::bad_value,
                           "the authentication response holds a NUL byte, which a server "
                           "without CLIENT_SECURE_CONNECTION cannot receive");
        }
        w.bytes(auth);
        w.u8(0);
    }
    if (caps.has(Capability::CLIENT_CONNECT_WITH_DB)) w.null_terminated_str(r.database);
    if (caps.has(Capability::CLIENT_PLUGIN_AUTH)) w.null_terminated_str(r.auth_plugin_name);
    if (caps.has(Capability::CLIENT_CONNECT_ATTRS)) {
        wire::ByteWriter attrs;
        for (const auto& [key, value] : r.attributes) {
            attrs.lenenc_str(key);
            attrs.lenenc_str(value);
        }
        w.lenenc_bytes(attrs.view());
    }
    return std::move(w).take();
}

std::vector<std::byte> encode_ssl_request(Capabilities caps, std::uint32_t max_packet_size,
                                          std::uint8_t collation) {
    B2K_CHECK(caps.has(Capability::CLIENT_SSL));
    wire::ByteWriter w(32);
    write_prefix(w, caps, max_packet_size, collation);
    return std::move(w).take();
}

}  // namespace b2k::mysql
