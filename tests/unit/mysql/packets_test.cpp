// The pure-bytes packets: OK, ERR, EOF, column definitions, auth switch/more data, the
// handshake response and SSLRequest, the command encoders. Each parser also gets a table of
// every truncation of a valid packet: an error (or, where the spec makes a field optional, a
// well-formed result), never a crash or a read past the end.

#include <gtest/gtest.h>

#include "mysql/auth_more_data.h"
#include "mysql/auth_switch_request.h"
#include "mysql/column_definition.h"
#include "mysql/command.h"
#include "mysql/eof_packet.h"
#include "mysql/err_packet.h"
#include "mysql/handshake_response.h"
#include "mysql/ok_packet.h"
#include "mysql/replication_command.h"
#include "server_packets.h"
#include "support/vectors.h"

namespace b2k::mysql {
namespace {

using test::from_hex;
using test::to_hex;

const Capabilities k41 = Capability::CLIENT_PROTOCOL_41 | Capability::CLIENT_TRANSACTIONS;

template <class Parse>
void every_truncation_fails(const std::vector<std::byte>& packet, Parse parse,
                            std::size_t optional_tail = 0) {
    for (std::size_t n = 0; n + optional_tail < packet.size(); ++n) {
        const auto r = parse(wire::Bytes(packet).first(n));
        EXPECT_FALSE(r.has_value())
            << "accepted the first " << n << " of " << packet.size() << " bytes";
    }
}

TEST(OkPacket, Parses) {
    // 0x00, affected 1, insert id 0x1234 (lenenc fc), status 0x0002, warnings 1, info "hi"
    const auto p = from_hex("00 01 fc3412 0200 0100 6869");
    auto ok = parse_ok_packet(p, k41);
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
    EXPECT_EQ(ok.value().affected_rows, 1u);
    EXPECT_EQ(ok.value().last_insert_id, 0x1234u);
    EXPECT_EQ(ok.value().status_flags, 2);
    EXPECT_EQ(ok.value().warnings, 1);
    EXPECT_EQ(ok.value().info, "hi");
    EXPECT_TRUE(is_ok_packet(p));
    every_truncation_fails(
        p, [](wire::Bytes b) { return parse_ok_packet(b, k41); }, 2);
}

TEST(OkPacket, EofHeaderUnderDeprecateEof) {
    const auto p = from_hex("fe 00 00 2200 0000");
    EXPECT_TRUE(is_eof_packet(p));
    auto ok = parse_ok_packet(p, k41 | Capabilities(Capability::CLIENT_DEPRECATE_EOF));
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok.value().status_flags, 0x22);
}

TEST(OkPacket, WithSessionTrack) {
    const Capabilities caps = k41 | Capabilities(Capability::CLIENT_SESSION_TRACK);
    // status has SERVER_SESSION_STATE_CHANGED (0x4000): info "", then state info bytes.
    const auto p = from_hex("00 00 00 0240 0000 00 03 010161");
    auto ok = parse_ok_packet(p, caps);
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
    EXPECT_EQ(ok.value().info, "");
    // Servers may stop right after the status fields.
    EXPECT_TRUE(parse_ok_packet(from_hex("00 00 00 0200 0000"), caps).has_value());
}

TEST(OkPacket, RejectsOtherHeaders) {
    EXPECT_FALSE(parse_ok_packet(from_hex("ff 0000 0000"), k41).has_value());
}

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html
TEST(ErrPacket, ParsesCodeStateMessage) {
    const auto p = from_hex("ff 1504 2332383030 30 416363657373");  // 1045 #28000 "Access"
    auto err = parse_err_packet(p);
    ASSERT_TRUE(err.has_value());
    EXPECT_EQ(err.value().code, 1045);
    EXPECT_EQ(err.value().sql_state, "28000");
    EXPECT_EQ(err.value().message, "Access");
    EXPECT_TRUE(is_err_packet(p));
    every_truncation_fails(
        p, [](wire::Bytes b) { return parse_err_packet(b); }, p.size() - 3);
}

TEST(ErrPacket, WithoutSqlState) {
    // 1130 sent before capabilities are known: no '#' marker.
    const auto p = from_hex("ff 6a04 486f7374");
    auto err = parse_err_packet(p);
    ASSERT_TRUE(err.has_value());
    EXPECT_EQ(err.value().code, 1130);
    EXPECT_EQ(err.value().sql_state, "");
    EXPECT_EQ(err.value().message, "Host");
}

TEST(ErrPacket, ServerErrorKeepsTheCode) {
    ErrPacket e{1236, "HY000", "Could not find first log file name in binary log index file"};
    const Error err = server_error(e, "starting the binlog dump");
    EXPECT_EQ(server_error_code(err), 1236);
    EXPECT_TRUE(is_server_error(err, 1236));
    EXPECT_FALSE(err.is(Errc::protocol));
    EXPECT_EQ(err.message,
              "starting the binlog dump: Could not find first log file name in binary log index "
              "file (server error 1236, SQLSTATE HY000)");
    EXPECT_FALSE(server_error_code(Error(Errc::io, "x")).has_value());
}

TEST(EofPacket, Parses) {
    const auto p = from_hex("fe 0100 2200");
    auto eof = parse_eof_packet(p, k41);
    ASSERT_TRUE(eof.has_value());
    EXPECT_EQ(eof.value().warnings, 1);
    EXPECT_EQ(eof.value().status_flags, 0x22);
    every_truncation_fails(p, [](wire::Bytes b) { return parse_eof_packet(b, k41); });
    EXPECT_FALSE(parse_eof_packet(from_hex("fe 0100 2200 00"), k41).has_value());
}

TEST(EofPacket, A0xfeRowOf16MiBIsNotAnEof) {
    std::vector<std::byte> row(0xffffff, std::byte{0x41});
    row[0] = std::byte{0xfe};
    EXPECT_FALSE(is_eof_packet(row));
}

std::vector<std::byte> column_def_bytes() {
    // def, schema "s", table "t", org_table "t0", name "c", org_name "c0", 0x0c,
    // charset 45, length 255, type 0xfd (VAR_STRING), flags 0x0001, decimals 0, filler
    return from_hex("03646566 0173 0174 027430 0163 026330 0c 2d00 ff000000 fd 0100 00 0000");
}

TEST(ColumnDefinition, Parses) {
    const auto p = column_def_bytes();
    auto c = parse_column_definition(p);
    ASSERT_TRUE(c.has_value()) << c.error().message;
    EXPECT_EQ(c.value().schema, "s");
    EXPECT_EQ(c.value().table, "t");
    EXPECT_EQ(c.value().org_table, "t0");
    EXPECT_EQ(c.value().name, "c");
    EXPECT_EQ(c.value().org_name, "c0");
    EXPECT_EQ(c.value().character_set, 45);
    EXPECT_EQ(c.value().column_length, 255u);
    EXPECT_EQ(c.value().type, 0xfd);
    EXPECT_EQ(c.value().flags, 1);
    every_truncation_fails(p, [](wire::Bytes b) { return parse_column_definition(b); });
}

TEST(ColumnDefinition, RejectsAnotherCatalog) {
    auto p = column_def_bytes();
    p[1] = std::byte{'x'};
    EXPECT_FALSE(parse_column_definition(p).has_value());
}

TEST(AuthSwitchRequest, Parses) {
    const auto p = from_hex(
        "fe 6d7973716c5f6e61746976655f70617373776f726400 0102030405060708090a0b0c0d0e0f1011121314 "
        "00");
    auto req = parse_auth_switch_request(p);
    ASSERT_TRUE(req.has_value());
    EXPECT_EQ(req.value().plugin_name, "mysql_native_password");
    EXPECT_EQ(req.value().plugin_data.size(), 21u);
    EXPECT_EQ(req.value().nonce().size(), 20u);
    // Cut inside the plugin name: no NUL, an error. (Cuts in the data are valid, shorter data.)
    for (std::size_t n = 0; n < 23; ++n) {
        EXPECT_FALSE(parse_auth_switch_request(wire::Bytes(p).first(n)).has_value()) << n;
    }
}

TEST(AuthSwitchRequest, OldPasswordSwitchIsUnsupported) {
    auto req = parse_auth_switch_request(from_hex("fe"));
    ASSERT_FALSE(req.has_value());
    EXPECT_TRUE(req.error().is(Errc::unsupported));
}

TEST(AuthMoreData, Parses) {
    const auto bytes = from_hex("0104");
    auto d = parse_auth_more_data(bytes);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(to_hex(test::to_vec(d.value())), "04");
    EXPECT_FALSE(parse_auth_more_data(from_hex("")).has_value());
    EXPECT_FALSE(parse_auth_more_data(from_hex("0204")).has_value());
}

TEST(HandshakeResponse, EncodesEveryField) {
    HandshakeResponse41 r;
    r.capabilities = Capability::CLIENT_PROTOCOL_41 | Capability::CLIENT_SECURE_CONNECTION;
    r.capabilities.set(Capability::CLIENT_PLUGIN_AUTH)
        .set(Capability::CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)
        .set(Capability::CLIENT_CONNECT_WITH_DB)
        .set(Capability::CLIENT_CONNECT_ATTRS)
        .set(Capability::CLIENT_LONG_PASSWORD);
    r.user = "cdc";
    r.auth_response = from_hex("aabb");
    r.database = "db";
    r.auth_plugin_name = "p";
    r.attributes = {{"k", "v"}};
    auto enc = encode_handshake_response(r);
    ASSERT_TRUE(enc.has_value());
    EXPECT_EQ(to_hex(enc.value()),
              // flags 0x003a8209, max packet 1 GiB, collation 45, 23 zero bytes
              "09823800"
              "00000040"
              "2d"
              "0000000000000000000000000000000000000000000000"
              "63646300"
              "02aabb"
              "646200"
              "7000"
              "04016b0176");
}

TEST(HandshakeResponse, OneByteLengthWithoutLenencData) {
    HandshakeResponse41 r;
    r.capabilities = Capability::CLIENT_PROTOCOL_41 | Capability::CLIENT_SECURE_CONNECTION;
    r.user = "u";
    r.auth_response = std::vector<std::byte>(20, std::byte{1});
    auto enc = encode_handshake_response(r);
    ASSERT_TRUE(enc.has_value());
    EXPECT_EQ(enc.value().size(), 32u + 2 + 1 + 20);
    r.auth_response = std::vector<std::byte>(256, std::byte{1});
    EXPECT_FALSE(encode_handshake_response(r).has_value());
}

TEST(HandshakeResponse, RefusesNulInNames) {
    HandshakeResponse41 r;
    r.capabilities = Capability::CLIENT_PROTOCOL_41 | Capability::CLIENT_SECURE_CONNECTION;
    r.user = std::string("a\0b", 3);
    auto enc = encode_handshake_response(r);
    ASSERT_FALSE(enc.has_value());
    EXPECT_TRUE(enc.error().is(Errc::config));
}

TEST(SslRequest, Is32Bytes) {
    const auto p = encode_ssl_request(Capability::CLIENT_PROTOCOL_41 | Capability::CLIENT_SSL);
    EXPECT_EQ(to_hex(p),
              "000a0000"
              "00000040"
              "2d"
              "0000000000000000000000000000000000000000000000");
}

TEST(Commands, Query) {
    EXPECT_EQ(to_hex(encode_com_query("SELECT 1")), "0353454c4543542031");
    EXPECT_EQ(to_hex(encode_com_quit()), "01");
    EXPECT_EQ(to_hex(encode_com_ping()), "0e");
}

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_register_slave.html
TEST(ReplicationCommands, RegisterSlaveNeverSendsAPassword) {
    RegisterSlave r;
    r.server_id = 0x01020304;
    r.hostname = "h";
    r.user = "cdc";
    r.port = 3306;
    auto enc = encode_register_slave(r);
    ASSERT_TRUE(enc.has_value());
    EXPECT_EQ(to_hex(enc.value()),
              "15"
              "04030201"
              "0168"
              "03636463"
              "00"
              "ea0c"
              "00000000"
              "00000000");
    r.user = std::string(256, 'u');
    auto too_long = encode_register_slave(r);
    ASSERT_FALSE(too_long.has_value());
    EXPECT_TRUE(too_long.error().is(Errc::config));
}

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_binlog_dump.html
TEST(ReplicationCommands, BinlogDump) {
    BinlogDump d;
    d.position = 0x1234;
    d.flags = static_cast<std::uint16_t>(BinlogDumpFlag::BINLOG_DUMP_NON_BLOCK);
    d.server_id = 99;
    d.filename = "mysql-bin.000001";
    EXPECT_EQ(to_hex(encode_binlog_dump(d)),
              "12"
              "34120000"
              "0100"
              "63000000" +
                  to_hex(from_hex("6d7973716c2d62696e2e303030303031")));
    d.position = 0;  // never below 4
    EXPECT_EQ(to_hex(encode_binlog_dump(d)).substr(2, 8), "04000000");
}

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_binlog_dump_gtid.html
TEST(ReplicationCommands, BinlogDumpGtid) {
    BinlogDumpGtid d;
    d.server_id = 7;
    d.gtid_set = from_hex("0000000000000000");  // an empty set: n_sids = 0
    EXPECT_EQ(to_hex(encode_binlog_dump_gtid(d)),
              "1e"
              "0400"
              "07000000"
              "00000000"
              "0400000000000000"
              "08000000"
              "0000000000000000");
    d.flags = static_cast<std::uint16_t>(BinlogDumpFlag::BINLOG_DUMP_NON_BLOCK);
    d.filename = "f";
    d.position = 1000;
    EXPECT_EQ(to_hex(encode_binlog_dump_gtid(d)),
              "1e"
              "0500"
              "07000000"
              "01000000"
              "66"
              "e803000000000000"
              "08000000"
              "0000000000000000");
}

}  // namespace
}  // namespace b2k::mysql
