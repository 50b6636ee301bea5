// PayloadReader: the events of a zstd TRANSACTION_PAYLOAD come out one at a time, and the
// reader never holds more than one inner event plus one decompression chunk.

#include "binlog/payload_reader.h"

#include <gtest/gtest.h>

#include "binlog/event_parser.h"
#include "support/vectors.h"

namespace b2k::binlog {
namespace {

TEST(PayloadReader, InnerEventsOneAtATimeWithinTheBound) {
    for (const char* rel : {"rust_mysql_common/test-data/binlogs/transaction_compression.000001",
                            "mysql-binlog-connector-java/mysql-bin.compressed"}) {
        SCOPED_TRACE(rel);
        auto src = FileEventSource::open(test::vector_path(rel).string());
        ASSERT_TRUE(src) << src.error().message;
        EventParser parser;
        std::size_t payloads = 0;
        for (;;) {
            auto raw = src.value()->next();
            ASSERT_TRUE(raw) << raw.error().message;
            if (!raw.value()) break;
            auto ev = parser.parse(raw.value()->bytes, raw.value()->offset);
            ASSERT_TRUE(ev) << ev.error().message;
            const auto* p = std::get_if<TransactionPayloadEvent>(&ev.value().body);
            if (p == nullptr) continue;
            ++payloads;
            PayloadReader reader(*p, rel);
            std::size_t events = 0;
            std::size_t largest = 0;
            std::size_t total = 0;
            for (;;) {
                auto inner = reader.next();
                ASSERT_TRUE(inner) << inner.error().message;
                if (!inner.value()) break;
                ++events;
                largest = std::max(largest, inner.value()->bytes.size());
                total += inner.value()->bytes.size();
            }
            EXPECT_EQ(events, 4u);  // QUERY, TABLE_MAP, rows, XID
            EXPECT_EQ(total, p->uncompressed_size);
            EXPECT_LE(reader.peak_buffer(), largest + 64 * 1024) << "holds more than one event";
        }
        EXPECT_EQ(payloads, 1u);
    }
}

TEST(PayloadReader, TruncatedZstdStreamIsAnError) {
    auto src = FileEventSource::open(
        test::vector_path("rust_mysql_common/test-data/binlogs/transaction_compression.000001")
            .string());
    ASSERT_TRUE(src);
    EventParser parser;
    for (;;) {
        auto raw = src.value()->next();
        ASSERT_TRUE(raw && raw.value());
        auto ev = parser.parse(raw.value()->bytes, raw.value()->offset);
        ASSERT_TRUE(ev);
        auto* p = std::get_if<TransactionPayloadEvent>(&ev.value().body);
        if (p == nullptr) continue;
        TransactionPayloadEvent cut = *p;
        cut.payload.resize(cut.payload.size() / 2);
        PayloadReader reader(cut, "cut");
        bool failed = false;
        for (int i = 0; i < 10 && !failed; ++i) {
            auto inner = reader.next();
            if (!inner)
                failed = true;
            else if (!inner.value())
                break;
        }
        EXPECT_TRUE(failed) << "half a zstd frame must not read as a complete transaction";
        return;
    }
}

}  // namespace
}  // namespace b2k::binlog
