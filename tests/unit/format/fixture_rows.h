#pragma once
// Test helper for the format goldens: decodes a MariaDB fixture binlog and hands every row
// change to a MessageEncoder, keeping each message with its table, position and row index.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "binlog/binlog_decoder.h"
#include "binlog/event_source.h"
#include "format/message_encoder.h"
#include "support/vectors.h"

namespace b2k::test {

struct FixtureMessage {
    std::string table;
    std::uint64_t pos = 0;
    std::uint32_t row = 0;
    std::optional<std::string> key;    // nullopt: null key
    std::optional<std::string> value;  // nullopt: tombstone
};

class EncodeAll final : public binlog::ChangeHandler {
  public:
    explicit EncodeAll(const format::MessageOptions& opts) : enc_(opts) {}
    Result<void> on_row(const binlog::RowChange& ch) override {
        format::RowContext ctx;
        ctx.ts_ms = 1;
        ctx.xid = 77;
        ctx.commit = true;
        return enc_.encode_row(ch, ctx, key_, value_, [&](const format::Message& m) {
            FixtureMessage f{ch.table.table, ch.source.pos, ch.row, std::nullopt, std::nullopt};
            if (m.key) f.key = std::string(*m.key);
            if (m.value) f.value = std::string(*m.value);
            messages.push_back(std::move(f));
            return success();
        });
    }
    std::vector<FixtureMessage> messages;

  private:
    format::MessageEncoder enc_;
    std::string key_;
    std::string value_;
};

// Every message of the fixture `name` (tests/data/mariadb/), in order. Fails the test on error.
inline std::vector<FixtureMessage> encode_fixture(const format::MessageOptions& opts,
                                                  const std::string& name = "full-full.000001") {
    EncodeAll h(opts);
    auto src = binlog::FileEventSource::open(test_data_path("mariadb/" + name).string());
    EXPECT_TRUE(src.has_value()) << "cannot open fixture " << name;
    if (!src) return {};
    binlog::BinlogDecoder dec(h, binlog::DecoderOptions{});
    auto r = dec.run(*src.value(), name);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return std::move(h.messages);
}

// The messages of one row (by event position and row index).
inline std::vector<FixtureMessage> messages_of(const std::vector<FixtureMessage>& all,
                                               std::string_view table, std::uint64_t pos,
                                               std::uint32_t row) {
    std::vector<FixtureMessage> out;
    for (const auto& m : all) {
        if (m.table == table && m.pos == pos && m.row == row) out.push_back(m);
    }
    return out;
}

// A hand-built table and row images, for what the fixtures lack (binary JSON, filters).
struct HandTable {
    binlog::ChangeSource source;
    binlog::TableMapEvent table;
    std::vector<std::vector<std::byte>> storage;  // cell bytes

    HandTable() {
        source.file = "bin.000001";
        source.pos = 100;
        source.server_id = 1;
        source.ts_ms = 1700000123000;
        source.flavor = binlog::Flavor::mysql;
        table.table_id = 7;
        table.map_seq = 1;
        table.db = "shop";
        table.table = "items";
    }
    void add_column(std::string name, binlog::ColumnType type, std::uint32_t length = 0) {
        binlog::ColumnDef c;
        c.type = c.wire_type = type;
        c.name = std::move(name);
        c.length = length;
        c.is_unsigned = false;
        c.collation = 45;  // utf8mb4_general_ci
        table.columns.push_back(std::move(c));
        table.optional_kinds |= 1u << static_cast<unsigned>(binlog::OptionalMetadata::COLUMN_NAME);
    }
    binlog::Cell cell(std::vector<std::byte> bytes) {
        storage.push_back(std::move(bytes));
        binlog::Cell c;
        c.present = true;
        c.data = wire::Bytes(storage.back().data(), storage.back().size());
        return c;
    }
    static binlog::Cell null_cell() {
        binlog::Cell c;
        c.present = true;
        c.is_null = true;
        return c;
    }
    binlog::Cell int_cell(std::int32_t v) {
        std::vector<std::byte> b(4);
        for (int i = 0; i < 4; ++i)
            b[i] = static_cast<std::byte>((static_cast<std::uint32_t>(v) >> (8 * i)) & 0xff);
        return cell(std::move(b));
    }
    // VARCHAR(<256) with a 1-byte length prefix.
    binlog::Cell str_cell(std::string_view s) {
        std::vector<std::byte> b;
        b.push_back(static_cast<std::byte>(s.size()));
        for (char ch : s)
            b.push_back(static_cast<std::byte>(ch));
        return cell(std::move(b));
    }
    binlog::RowChange change(binlog::RowsKind kind, const binlog::RowImage* before,
                             const binlog::RowImage* after) const {
        return binlog::RowChange{source, table, kind, before, after, 0};
    }
};

}  // namespace b2k::test
