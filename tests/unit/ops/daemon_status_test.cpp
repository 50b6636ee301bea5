#include "ops/daemon_status.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace b2k::ops {
namespace {

TEST(DaemonStatus, JsonLikeShowReplicaStatus) {
    DaemonStatus s("prod", "db.example:3306", "cdc");
    auto j = nlohmann::json::parse(s.to_json());
    EXPECT_EQ(j["state"], "starting");
    EXPECT_TRUE(j["read"].is_null());
    EXPECT_TRUE(j["last_error"].is_null());
    EXPECT_EQ(j["source"]["address"], "db.example:3306");

    s.set_state(DaemonState::streaming);
    s.set_read({"mysql-bin.000003", 1234, "0-1-99", 1000});
    s.set_committed({"mysql-bin.000003", 1000, "0-1-98", 900});
    s.set_error("replication connection lost");
    s.set_lag_ms(2500);
    j = nlohmann::json::parse(s.to_json());
    EXPECT_EQ(j["state"], "streaming");
    EXPECT_EQ(j["read"]["pos"], 1234);
    EXPECT_EQ(j["committed"]["gtid_set"], "0-1-98");
    EXPECT_EQ(j["last_error"]["message"], "replication connection lost");
    EXPECT_GT(j["last_error"]["time_ms"].get<std::int64_t>(), 0);
    EXPECT_DOUBLE_EQ(j["lag_seconds"].get<double>(), 2.5);
    EXPECT_NE(s.summary().find("read mysql-bin.000003:1234"), std::string::npos);
}

TEST(DaemonStatus, ReadyOnlyWhileStreamingAndAlive) {
    DaemonStatus s("prod", "h:1", "u");
    std::string why;
    EXPECT_FALSE(s.ready(std::chrono::seconds(10), why));
    EXPECT_NE(why.find("starting"), std::string::npos);
    s.set_state(DaemonState::streaming);
    EXPECT_TRUE(s.ready(std::chrono::seconds(10), why));
    // Silence longer than allowed: not ready, and the reason says so.
    EXPECT_FALSE(s.ready(std::chrono::milliseconds(-1), why));
    EXPECT_NE(why.find("no event or heartbeat"), std::string::npos);
    s.set_error("boom");
    s.set_state(DaemonState::reconnecting);
    EXPECT_FALSE(s.ready(std::chrono::seconds(10), why));
    EXPECT_NE(why.find("boom"), std::string::npos);
}

}  // namespace
}  // namespace b2k::ops
