// Text result sets, with and without CLIENT_DEPRECATE_EOF.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset.html

#include "mysql/result_set_reader.h"

#include <gtest/gtest.h>

#include "mysql/err_packet.h"
#include "server_packets.h"
#include "support/vectors.h"

namespace b2k::mysql {
namespace {

const Capabilities kOld = Capability::CLIENT_PROTOCOL_41 | Capability::CLIENT_TRANSACTIONS;
const Capabilities kNew = kOld | Capabilities(Capability::CLIENT_DEPRECATE_EOF);

std::vector<std::byte> column(const std::string& name) {
    wire::ByteWriter w;
    w.lenenc_str("def");
    w.lenenc_str("db");
    w.lenenc_str("t");
    w.lenenc_str("t");
    w.lenenc_str(name);
    w.lenenc_str(name);
    w.lenenc_int(0x0c);
    w.u16le(45);
    w.u32le(1024);
    w.u8(0xfd);
    w.u16le(0);
    w.u8(0);
    w.u16le(0);
    return std::move(w).take();
}

std::vector<std::byte> row(const std::vector<std::optional<std::string>>& values) {
    wire::ByteWriter w;
    for (const auto& v : values) {
        if (v) {
            w.lenenc_str(*v);
        } else {
            w.u8(0xfb);
        }
    }
    return std::move(w).take();
}

std::vector<std::byte> count(std::uint64_t n) {
    wire::ByteWriter w;
    w.lenenc_int(n);
    return std::move(w).take();
}

std::vector<std::byte> eof(std::uint16_t status = 2) {
    wire::ByteWriter w;
    w.u8(0xfe);
    w.u16le(0);
    w.u16le(status);
    return std::move(w).take();
}

std::vector<std::byte> ok_fe(std::uint16_t status = 2) {
    auto p = test::ok_packet(status);
    p[0] = std::byte{0xfe};
    return p;
}

Result<ResultSet> run(Capabilities caps, const std::vector<std::vector<std::byte>>& packets,
                      std::size_t* consumed = nullptr) {
    ResultSetReader r(caps);
    for (std::size_t i = 0; i < packets.size(); ++i) {
        auto done = r.on_packet(packets[i]);
        if (!done) return failure(std::move(done).error());
        if (done.value()) {
            if (consumed) *consumed = i + 1;
            return std::move(r).take();
        }
    }
    return failure(Errc::truncated, "response incomplete");
}

std::vector<std::vector<std::byte>> two_rows(bool deprecate_eof) {
    std::vector<std::vector<std::byte>> p{count(2), column("Variable_name"), column("Value")};
    if (!deprecate_eof) p.push_back(eof());
    p.push_back(row({"binlog_format", "ROW"}));
    p.push_back(row({"x", std::nullopt}));
    p.push_back(row({"", std::string(300, 'v')}));
    p.push_back(deprecate_eof ? ok_fe(0x22) : eof(0x22));
    return p;
}

void check_two_rows(const ResultSet& rs) {
    EXPECT_EQ(rs.column_names(), (std::vector<std::string>{"Variable_name", "Value"}));
    ASSERT_EQ(rs.rows.size(), 3u);
    EXPECT_EQ(rs.rows[0][0], "binlog_format");
    EXPECT_EQ(rs.rows[0][1], "ROW");
    EXPECT_EQ(rs.rows[1][1], std::nullopt);
    EXPECT_EQ(rs.rows[2][0], "");
    EXPECT_EQ(rs.rows[2][1], std::string(300, 'v'));
    EXPECT_EQ(rs.status_flags, 0x22);
    EXPECT_EQ(rs.column_index("Value"), 1u);
    EXPECT_EQ(rs.column_index("nope"), std::nullopt);
}

TEST(ResultSetReader, WithEofPackets) {
    auto rs = run(kOld, two_rows(false));
    ASSERT_TRUE(rs.has_value()) << rs.error().message;
    check_two_rows(rs.value());
}

TEST(ResultSetReader, WithDeprecateEof) {
    auto rs = run(kNew, two_rows(true));
    ASSERT_TRUE(rs.has_value()) << rs.error().message;
    check_two_rows(rs.value());
}

TEST(ResultSetReader, MismatchedEofExpectationIsAnError) {
    // An EOF after the columns when CLIENT_DEPRECATE_EOF was negotiated reads as a row of the
    // wrong shape; rows without the EOF under the old protocol read as a bad EOF.
    EXPECT_FALSE(run(kNew, two_rows(false)).has_value());
    EXPECT_FALSE(run(kOld, two_rows(true)).has_value());
}

TEST(ResultSetReader, OkOnly) {
    wire::ByteWriter w;
    w.u8(0);
    w.lenenc_int(3);
    w.lenenc_int(7);
    w.u16le(2);
    w.u16le(1);
    auto rs = run(kNew, {std::move(w).take()});
    ASSERT_TRUE(rs.has_value());
    EXPECT_TRUE(rs.value().columns.empty());
    EXPECT_EQ(rs.value().affected_rows, 3u);
    EXPECT_EQ(rs.value().last_insert_id, 7u);
    EXPECT_EQ(rs.value().warnings, 1);
}

TEST(ResultSetReader, ServerErrorBeforeAndDuringRows) {
    auto before = run(kNew, {test::err_packet(1227, "42000",
                                              "Access denied; you need (at least "
                                              "one of) the REPLICATION CLIENT")});
    ASSERT_FALSE(before.has_value());
    EXPECT_EQ(server_error_code(before.error()), 1227);
    auto during = run(kNew, {count(1), column("a"), row({"1"}),
                             test::err_packet(1317, "70100", "Query execution was interrupted")});
    ASSERT_FALSE(during.has_value());
    EXPECT_EQ(server_error_code(during.error()), 1317);
}

TEST(ResultSetReader, EmptyResultSet) {
    auto rs = run(kOld, {count(1), column("a"), eof(), eof()});
    ASSERT_TRUE(rs.has_value());
    EXPECT_EQ(rs.value().columns.size(), 1u);
    EXPECT_TRUE(rs.value().rows.empty());
}

TEST(ResultSetReader, MoreResultsAreReadButOnlyTheFirstKept) {
    constexpr std::uint16_t kMore = 0x0008 | 0x0002;
    std::size_t consumed = 0;
    auto rs = run(kNew,
                  {count(1), column("a"), row({"1"}), ok_fe(kMore), count(1), column("b"),
                   row({"2"}), ok_fe(kMore), test::ok_packet(2), row({"never read"})},
                  &consumed);
    ASSERT_TRUE(rs.has_value()) << rs.error().message;
    EXPECT_EQ(consumed, 9u);
    ASSERT_EQ(rs.value().rows.size(), 1u);
    EXPECT_EQ(rs.value().rows[0][0], "1");
    EXPECT_EQ(rs.value().columns[0].name, "a");
}

TEST(ResultSetReader, BadRows) {
    // Too few values, too many, a length past the end.
    EXPECT_FALSE(run(kNew, {count(2), column("a"), column("b"), row({"1"}), ok_fe()}).has_value());
    EXPECT_FALSE(run(kNew, {count(1), column("a"), row({"1", "2"}), ok_fe()}).has_value());
    EXPECT_FALSE(run(kNew, {count(1), column("a"), test::from_hex("0561"), ok_fe()}).has_value());
    EXPECT_FALSE(run(kNew, {count(0)}).has_value());
    EXPECT_FALSE(run(kNew, {test::from_hex("fb")}).has_value()) << "LOCAL INFILE is refused";
    EXPECT_FALSE(run(kNew, {std::vector<std::byte>{}}).has_value());
}

// Every truncation of every packet of a response: an error, never a crash, never "done".
TEST(ResultSetReader, EveryTruncation) {
    for (bool dep : {false, true}) {
        const auto packets = two_rows(dep);
        for (std::size_t at = 0; at < packets.size(); ++at) {
            for (std::size_t len = 0; len < packets[at].size(); ++len) {
                ResultSetReader r(dep ? kNew : kOld);
                Result<bool> last = false;
                for (std::size_t i = 0; i <= at; ++i) {
                    const auto& p = packets[i];
                    last = r.on_packet(i == at ? wire::Bytes(p).first(len) : wire::Bytes(p));
                    if (!last) break;
                }
                EXPECT_FALSE(last.has_value())
                    << "dep=" << dep << " packet " << at << " len " << len;
                EXPECT_FALSE(r.done()) << "dep=" << dep << " packet " << at << " len " << len;
            }
        }
    }
}

}  // namespace
}  // namespace b2k::mysql
