// XA transactions are held outside the ring until XA COMMIT: the reader stage bounds what it
// holds by pipeline.ring_bytes and stops with the fix instead of growing without bound. The
// MariaDB fixture full-full.000001 has three XA transactions (tests/data/mariadb/fixtures.sql,
// section 19: 'xa-commit' with two rows, 'xa-rollback', 'xa-one-phase').

#include <gtest/gtest.h>

#include "binlog/binlog_decoder.h"
#include "binlog/event_source.h"
#include "config/config.h"
#include "ops/logger.h"
#include "pipeline/reader_stage.h"
#include "support/vectors.h"

namespace b2k::test {
namespace {

struct Decoded {
    Result<void> result = success();
    std::size_t messages = 0;
};

// Decodes the fixture through a ReaderStage whose config says `ring_bytes`; the ring itself
// is large enough for every message (nothing consumes it here).
Decoded decode_with(std::uint64_t ring_bytes) {
    const auto path = test_data_path("mariadb/full-full.000001");
    auto src = binlog::FileEventSource::open(path.string());
    EXPECT_TRUE(src.has_value()) << src.error().message;
    Decoded d;
    if (!src) return d;
    pipeline::ItemRing ring(1 << 16, std::size_t{1} << 30);
    config::Config cfg;
    cfg.source.name = "t";
    cfg.pipeline.ring_bytes = ring_bytes;
    std::FILE* log_file = std::tmpfile();
    EXPECT_NE(log_file, nullptr);
    ops::Logger log(config::LogConfig{}, log_file);
    pipeline::ReaderStage stage(ring, cfg, log);
    binlog::BinlogDecoder decoder(stage, binlog::DecoderOptions{});
    d.result = decoder.run(*src.value(), "full-full.000001");
    pipeline::PipelineItem item;
    while (ring.try_pop(item))
        if (item.kind == pipeline::PipelineItem::Kind::message) ++d.messages;
    std::fclose(log_file);
    return d;
}

TEST(ReaderStageXaBound, AnXaTransactionOverRingBytesStopsWithTheFix) {
    const Decoded full = decode_with(std::uint64_t{1} << 30);
    ASSERT_TRUE(full.result.has_value()) << full.result.error().message;
    // Less than one message: the first row of 'xa-commit' does not fit.
    const Decoded small = decode_with(100);
    ASSERT_FALSE(small.result.has_value()) << "held past pipeline.ring_bytes";
    const std::string& msg = small.result.error().message;
    EXPECT_NE(msg.find("the XA transaction X'78612D636F6D6D6974',X'',1"), std::string::npos)
        << msg;  // 'xa-commit' as the server logs it
    EXPECT_NE(msg.find("pipeline.ring_bytes (100 bytes)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("raise pipeline.ring_bytes"), std::string::npos) << msg;
    // Everything before the XA transaction was queued; nothing of it or after it.
    EXPECT_LT(small.messages, full.messages);
    EXPECT_GT(small.messages, 0u);
}

}  // namespace
}  // namespace b2k::test
