#include "ops/metrics.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace b2k::ops {
namespace {

// Every line is a comment (# HELP/# TYPE) or `name{labels} value`, per the text format 0.0.4.
void expect_valid_exposition(const std::string& text) {
    const std::regex sample(
        R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eEinfaN]+$)");
    const std::regex meta(R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$)");
    std::istringstream in(text);
    std::string line;
    int samples = 0;
    while (std::getline(in, line)) {
        if (line.starts_with("#")) {
            EXPECT_TRUE(std::regex_match(line, meta)) << line;
        } else {
            EXPECT_TRUE(std::regex_match(line, sample)) << line;
            ++samples;
        }
    }
    EXPECT_GT(samples, 5);
}

TEST(Metrics, RendersCountersPerTableAndOp) {
    Metrics m;
    TableCounters& t = m.table("shop", "items");
    add(t.rows[TableCounters::create], 3);
    add(t.rows[TableCounters::del]);
    add(t.bytes[TableCounters::create], 120);
    EXPECT_EQ(&m.table("shop", "items"), &t);  // stable
    add(m.events_read, 7);
    const std::string text = m.render();
    expect_valid_exposition(text);
    EXPECT_NE(
        text.find("binlog2kafka_rows_published_total{db=\"shop\",table=\"items\",op=\"c\"} 3"),
        std::string::npos)
        << text;
    EXPECT_NE(
        text.find("binlog2kafka_rows_published_total{db=\"shop\",table=\"items\",op=\"d\"} 1"),
        std::string::npos);
    EXPECT_NE(
        text.find("binlog2kafka_bytes_published_total{db=\"shop\",table=\"items\",op=\"c\"} 120"),
        std::string::npos);
    EXPECT_NE(text.find("binlog2kafka_events_read_total 7"), std::string::npos);
    EXPECT_NE(text.find("# TYPE binlog2kafka_rows_published_total counter"), std::string::npos);
    // Unknown lag and no checkpoint yet: those gauges are absent, not zero.
    EXPECT_EQ(text.find("binlog2kafka_replication_lag_seconds"), std::string::npos);
    EXPECT_EQ(text.find("binlog2kafka_checkpoint_age_seconds"), std::string::npos);
}

TEST(Metrics, EscapesLabelValues) {
    Metrics m;
    add(m.table("we\"ird", "back\\slash").rows[0]);
    const std::string text = m.render();
    expect_valid_exposition(text);
    EXPECT_NE(text.find(R"(db="we\"ird",table="back\\slash")"), std::string::npos) << text;
}

TEST(Metrics, PurgeHorizonFromCheckpointTimeAndRetention) {
    Metrics m;
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    m.checkpoint_ts_ms = now - 3600 * 1000;  // checkpointed transaction committed an hour ago
    m.binlog_retention_s = 24 * 3600;
    m.lag_ms = 1500;
    m.set_gauges(GaugeSources{[] { return std::size_t{4}; }, [] { return std::size_t{4096}; },
                              [] { return std::int64_t{2}; }});
    const std::string text = m.render();
    expect_valid_exposition(text);
    const auto at = text.find("\nbinlog2kafka_binlog_purge_horizon_seconds ");
    ASSERT_NE(at, std::string::npos) << text;
    const double horizon = std::stod(text.substr(at + 43));
    EXPECT_NEAR(horizon, 23 * 3600, 5);
    EXPECT_NE(text.find("binlog2kafka_replication_lag_seconds 1.5"), std::string::npos);
    EXPECT_NE(text.find("binlog2kafka_ring_items 4"), std::string::npos);
    EXPECT_NE(text.find("binlog2kafka_producer_queue_messages 2"), std::string::npos);
}

}  // namespace
}  // namespace b2k::ops
