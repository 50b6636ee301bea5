// ReplicaPosition: where a reconnect resumes — only ever at the end of a complete transaction,
// and by GTID only once the GTID state is complete.

#include "replication/replica_position.h"

#include <gtest/gtest.h>

#include "replication/replica_session.h"
#include "replication/server_info.h"

namespace b2k::replication {
namespace {

binlog::Event rotate(std::string file, std::uint64_t pos) {
    binlog::Event e;
    e.header.type_code = static_cast<std::uint8_t>(binlog::EventType::ROTATE_EVENT);
    e.body = binlog::RotateEvent{pos, std::move(file)};
    return e;
}

binlog::Event gtid_list(std::vector<std::byte> body) {
    binlog::Event e;
    e.header.type_code = static_cast<std::uint8_t>(binlog::EventType::GTID_LIST_EVENT);
    binlog::GtidListEvent g;
    g.encoded = std::move(body);
    e.body = std::move(g);
    return e;
}

binlog::ChangeSource at(std::string_view file, std::uint64_t end, std::string_view gtid) {
    binlog::ChangeSource s;
    s.file = file;
    s.end_pos = end;
    s.gtid = gtid;
    return s;
}

TEST(ReplicaPosition, FilePositionMovesOnlyAtGroupEnds) {
    ReplicaPosition p(binlog::Flavor::mysql);
    p.start_at_file("binlog.000007", 0);
    EXPECT_EQ(p.pos(), 4u) << "positions below 4 mean the start of the file";
    ASSERT_TRUE(p.on_event(rotate("binlog.000007", 4)));
    ASSERT_TRUE(p.on_group_end(at("binlog.000007", 900, "")));
    EXPECT_EQ(p.file(), "binlog.000007");
    EXPECT_EQ(p.pos(), 900u);
    EXPECT_FALSE(p.has_gtid_state()) << "a mid-file start has no complete GTID state";
}

TEST(ReplicaPosition, MysqlGtidStartAddsEachCommittedTransaction) {
    ReplicaPosition p(binlog::Flavor::mysql);
    ASSERT_TRUE(p.start_at_gtid("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"));
    ASSERT_TRUE(p.on_group_end(at("b.1", 100, "3e11fa47-71ca-11e1-9e33-c80aa9429562:6")));
    ASSERT_TRUE(p.on_group_end(at("b.1", 200, "3e11fa47-71ca-11e1-9e33-c80aa9429562:mytag:1")));
    EXPECT_EQ(p.gtid_text(), "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-6:mytag:1");
}

TEST(ReplicaPosition, MariadbStateCompleteFromGtidListAtFileStart) {
    ReplicaPosition p(binlog::Flavor::mariadb);
    p.start_at_file("mysql-bin.000001", 4);
    // count 1 (domain 0, server 1, seq 41), then the two bytes MariaDB 10.11 appends.
    std::vector<std::byte> body;
    for (int b : {1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 41, 0, 0, 0, 0, 0, 0, 0, 0, 0}) {
        body.push_back(static_cast<std::byte>(b));
    }
    ASSERT_TRUE(p.on_event(gtid_list(body)));
    EXPECT_TRUE(p.has_gtid_state());
    ASSERT_TRUE(p.on_group_end(at("mysql-bin.000001", 500, "0-1-42")));
    ASSERT_TRUE(p.on_group_end(at("mysql-bin.000001", 600, "7-2-3")));
    EXPECT_EQ(p.gtid_text(), "0-1-42,7-2-3");
}

TEST(ReplicaPosition, GtidListInTheMiddleOfAFileIsNotTheState) {
    ReplicaPosition p(binlog::Flavor::mariadb);
    p.start_at_file("mysql-bin.000001", 1000);
    std::vector<std::byte> body(4, std::byte{0});
    ASSERT_TRUE(p.on_event(gtid_list(body)));
    EXPECT_FALSE(p.has_gtid_state());
}

TEST(ReplicaSession, ReplicaUuidIsStableAndDistinct) {
    const auto a = ReplicaSession::replica_uuid("prod", 7, "db", 3306);
    EXPECT_EQ(a, ReplicaSession::replica_uuid("prod", 7, "db", 3306));
    EXPECT_NE(a, ReplicaSession::replica_uuid("prod", 8, "db", 3306));
    ASSERT_EQ(a.size(), 36u);
    EXPECT_EQ(a[14], '5') << "a name-based (version 5) UUID";
}

TEST(ServerInfo, FlavorAndVersionFromTheGreeting) {
    auto m = server_info_from_version("5.5.5-10.11.6-MariaDB-0+deb12u1-log");
    EXPECT_TRUE(m.is_mariadb());
    EXPECT_TRUE(m.at_least(10, 11, 6));
    auto y = server_info_from_version("8.0.36");
    EXPECT_FALSE(y.is_mariadb());
    EXPECT_TRUE(y.at_least(8, 0, 36));
    EXPECT_FALSE(y.at_least(8, 2, 0));
}

TEST(ServerInfo, BinlogSettingsErrorsNameTheFix) {
    ServerInfo info;
    info.log_bin = false;
    auto r = check_binlog_settings(info);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("log_bin=OFF"), std::string::npos);
    info.log_bin = true;
    info.binlog_format = "MIXED";
    r = check_binlog_settings(info);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("binlog_format=ROW"), std::string::npos);
    info.binlog_format = "ROW";
    EXPECT_TRUE(check_binlog_settings(info));
}

}  // namespace
}  // namespace b2k::replication
