// An INCIDENT event stops the daemon's reader stage: the decoder's run ends with
// Errc::incident, the error names the position and the way past it, and nothing after the
// incident reaches the ring. The binlog is MySQL's own (bug40482-bin.000001 of the shared
// vectors: FORMAT_DESCRIPTION, INCIDENT, ROTATE).

#include <gtest/gtest.h>

#include "binlog/binlog_decoder.h"
#include "binlog/event_source.h"
#include "config/config.h"
#include "ops/logger.h"
#include "pipeline/reader_stage.h"
#include "support/vectors.h"

namespace b2k::test {
namespace {

TEST(ReaderStageIncident, AnIncidentStopsTheStreamNamingWhereAndWhatToDo) {
    const auto path = vector_path("rust_mysql_common/test-data/binlogs/bug40482-bin.000001");
    auto src = binlog::FileEventSource::open(path.string());
    ASSERT_TRUE(src.has_value()) << src.error().message;

    pipeline::ItemRing ring(64, 1 << 20);
    config::Config cfg;
    cfg.source.name = "t";
    std::FILE* log_file = std::tmpfile();
    ASSERT_NE(log_file, nullptr);
    ops::Logger log(config::LogConfig{}, log_file);
    pipeline::ReaderStage stage(ring, cfg, log);

    struct Counting final : binlog::ChangeHandler {
        pipeline::ReaderStage& inner;
        int events_after_incident = 0;
        bool seen_incident = false;
        explicit Counting(pipeline::ReaderStage& s) : inner(s) {}
        Result<void> on_event(const binlog::Event& ev) override {
            if (seen_incident) ++events_after_incident;
            if (std::holds_alternative<binlog::IncidentEvent>(ev.body)) seen_incident = true;
            return inner.on_event(ev);
        }
        Result<void> on_row(const binlog::RowChange& c) override { return inner.on_row(c); }
        Result<void> on_statement(const binlog::StatementChange& s) override {
            return inner.on_statement(s);
        }
        Result<void> on_transaction(const binlog::TransactionMark& m) override {
            return inner.on_transaction(m);
        }
        Result<void> on_incident(const binlog::ChangeSource& s,
                                 const binlog::IncidentEvent& i) override {
            return inner.on_incident(s, i);
        }
    } handler(stage);

    binlog::BinlogDecoder decoder(handler, binlog::DecoderOptions{});
    auto r = decoder.run(*src.value(), "bug40482-bin.000001");
    std::fclose(log_file);

    ASSERT_FALSE(r.has_value()) << "the stream went on past an INCIDENT event";
    EXPECT_TRUE(r.error().is(Errc::incident)) << r.error().message;
    const std::string& msg = r.error().message;
    // The incident's code as the file holds it: the event at 106, its 2-byte post-header after
    // the 19-byte common header (this 5.1 debug build wrote 66, not LOST_EVENTS).
    const auto bytes = read_file(path);
    ASSERT_GT(bytes.size(), 127u);
    const unsigned code =
        std::to_integer<unsigned>(bytes[125]) | (std::to_integer<unsigned>(bytes[126]) << 8);
    EXPECT_NE(msg.find("INCIDENT event (" + std::to_string(code) + ")"), std::string::npos) << msg;
    EXPECT_NE(msg.find("bug40482-bin.000001:106"), std::string::npos) << msg;
    EXPECT_NE(msg.find("checkpoint set -c CONFIG --file bug40482-bin.000001 --pos 128"),
              std::string::npos)
        << msg;
    EXPECT_TRUE(handler.seen_incident);
    EXPECT_EQ(handler.events_after_incident, 0) << "the ROTATE after it was decoded";
    pipeline::PipelineItem item;
    EXPECT_FALSE(ring.try_pop(item)) << "something was queued for Kafka";
}

}  // namespace
}  // namespace b2k::test
