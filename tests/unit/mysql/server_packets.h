#pragma once
// Test helpers: the server's side of the connection phase as bytes (written here with
// ByteWriter from the spec, not with the client's encoders), and an independent parser of what
// the client sends.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mysql/capabilities.h"
#include "wire/byte_reader.h"
#include "wire/byte_writer.h"

namespace b2k::test {

using mysql::Capabilities;
using mysql::Capability;

inline const std::vector<std::byte> kNonce = {
    std::byte{0x4e}, std::byte{0x52}, std::byte{0x33}, std::byte{0x48}, std::byte{0x50},
    std::byte{0x3a}, std::byte{0x71}, std::byte{0x49}, std::byte{0x59}, std::byte{0x61},
    std::byte{0x5f}, std::byte{0x39}, std::byte{0x3d}, std::byte{0x64}, std::byte{0x62},
    std::byte{0x3f}, std::byte{0x53}, std::byte{0x64}, std::byte{0x7b}, std::byte{0x60}};

// Capabilities a MySQL 8 server announces (without CLIENT_SSL).
inline Capabilities server_caps(bool ssl) {
    Capabilities c(0xdfffffffULL & ~static_cast<std::uint64_t>(Capability::CLIENT_SSL));
    c.set(Capability::CLIENT_SSL, ssl);
    return c;
}

inline std::vector<std::byte> greeting(const std::string& plugin, bool ssl,
                                       const std::vector<std::byte>& nonce = kNonce,
                                       const std::string& version = "8.0.32",
                                       std::uint32_t connection_id = 42) {
    const Capabilities caps = server_caps(ssl);
    wire::ByteWriter w;
    w.u8(10);
    w.null_terminated_str(version);
    w.u32le(connection_id);
    w.bytes(wire::Bytes(nonce).first(8));
    w.u8(0);
    w.u16le(static_cast<std::uint16_t>(caps.lower32()));
    w.u8(255);
    w.u16le(2);
    w.u16le(static_cast<std::uint16_t>(caps.lower32() >> 16));
    w.u8(21);
    w.zeros(10);
    w.bytes(wire::Bytes(nonce).subspan(8));
    w.u8(0);
    w.null_terminated_str(plugin);
    return std::move(w).take();
}

inline std::vector<std::byte> ok_packet(std::uint16_t status = 2) {
    wire::ByteWriter w;
    w.u8(0);
    w.lenenc_int(0);
    w.lenenc_int(0);
    w.u16le(status);
    w.u16le(0);
    return std::move(w).take();
}

inline std::vector<std::byte> err_packet(std::uint16_t code, const std::string& state,
                                         const std::string& msg) {
    wire::ByteWriter w;
    w.u8(0xff);
    w.u16le(code);
    w.u8('#');
    w.str(state);
    w.str(msg);
    return std::move(w).take();
}

inline std::vector<std::byte> more_data(const std::vector<std::byte>& data) {
    wire::ByteWriter w;
    w.u8(0x01);
    w.bytes(data);
    return std::move(w).take();
}

inline std::vector<std::byte> more_data(const std::string& text) {
    return more_data(
        std::vector<std::byte>(wire::as_bytes(text).begin(), wire::as_bytes(text).end()));
}

inline std::vector<std::byte> auth_switch(const std::string& plugin,
                                          const std::vector<std::byte>& nonce) {
    wire::ByteWriter w;
    w.u8(0xfe);
    w.null_terminated_str(plugin);
    w.bytes(nonce);
    w.u8(0);
    return std::move(w).take();
}

// What a HandshakeResponse41 (or the 32-byte SSLRequest) holds.
struct ClientResponse {
    Capabilities caps;
    std::uint32_t max_packet = 0;
    std::uint8_t collation = 0;
    bool ssl_request_only = false;
    std::string user;
    std::vector<std::byte> auth;
    std::string database;
    std::string plugin;
    std::vector<std::pair<std::string, std::string>> attributes;
    bool ok = false;
};

// `server` masks the client's flags as the server reads them (a 5.1 client sets
// CLIENT_PLUGIN_AUTH, which a 5.1 server does not know, and then sends no plugin name).
inline ClientResponse parse_client_response(wire::Bytes p,
                                            Capabilities server = Capabilities(~0ULL)) {
    ClientResponse r;
    wire::ByteReader in(p);
    r.caps = Capabilities(in.u32le()) & server;
    r.max_packet = in.u32le();
    r.collation = in.u8();
    in.skip(23);
    if (!in.ok()) return r;
    if (in.empty()) {
        r.ssl_request_only = true;
        r.ok = true;
        return r;
    }
    r.user = std::string(in.null_terminated_str());
    if (r.caps.has(Capability::CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
        const auto a = in.lenenc_bytes();
        r.auth.assign(a.begin(), a.end());
    } else {
        const auto a = in.bytes(in.u8());
        r.auth.assign(a.begin(), a.end());
    }
    if (r.caps.has(Capability::CLIENT_CONNECT_WITH_DB)) r.database = in.null_terminated_str();
    if (r.caps.has(Capability::CLIENT_PLUGIN_AUTH)) r.plugin = in.null_terminated_str();
    if (r.caps.has(Capability::CLIENT_CONNECT_ATTRS)) {
        wire::ByteReader attrs = in.sub(in.lenenc_int());
        while (attrs.ok() && !attrs.empty()) {
            std::string k(attrs.lenenc_str());
            std::string v(attrs.lenenc_str());
            r.attributes.emplace_back(std::move(k), std::move(v));
        }
        if (!attrs.ok()) return r;
    }
    r.ok = in.finish("response").has_value();
    return r;
}

inline std::vector<std::byte> to_vec(wire::Bytes b) {
    return {b.begin(), b.end()};
}

}  // namespace b2k::test
