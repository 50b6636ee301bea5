// RowReader: cutting row images into cells, and refusing images that cannot be real.

#include "binlog/row_reader.h"

#include <gtest/gtest.h>

namespace b2k::binlog {
namespace {

TableMapEvent int_table(std::size_t columns) {
    TableMapEvent tm;
    tm.db = "d";
    tm.table = "t";
    for (std::size_t i = 0; i < columns; ++i) {
        ColumnDef c;
        c.type = c.wire_type = ColumnType::MYSQL_TYPE_LONG;
        tm.columns.push_back(c);
    }
    return tm;
}

TEST(RowReader, ReadsPresentColumnsAndNulls) {
    auto tm = int_table(3);
    RowsEvent ev;
    ev.kind = RowsKind::write;
    ev.column_count = 3;
    ev.present_before = {0b101};  // columns 1 and 3
    // null bitmap over the 2 present columns: second is NULL; then column 1's INT.
    const std::vector<std::uint8_t> bytes = {0b10, 7, 0, 0, 0};
    for (auto b : bytes)
        ev.rows.push_back(static_cast<std::byte>(b));
    RowReader r(ev, tm);
    RowImage before, after;
    ASSERT_TRUE(r.next(before, after));
    EXPECT_TRUE(r.done());
    ASSERT_EQ(after.size(), 3u);
    EXPECT_TRUE(after[0].present);
    EXPECT_FALSE(after[0].is_null);
    EXPECT_EQ(after[0].data.size(), 4u);
    EXPECT_FALSE(after[1].present);
    EXPECT_TRUE(after[2].present);
    EXPECT_TRUE(after[2].is_null);
}

TEST(RowReader, ZeroByteRowIsAnErrorNotALoop) {
    auto tm = int_table(0);
    RowsEvent ev;
    ev.kind = RowsKind::write;
    ev.column_count = 0;
    ev.rows.push_back(std::byte{0});  // one byte that no row image can consume
    RowReader r(ev, tm);
    RowImage before, after;
    auto res = r.next(before, after);
    ASSERT_FALSE(res);
    EXPECT_NE(res.error().message.find("zero bytes"), std::string::npos);
}

TEST(RowReader, TruncatedValueIsAnError) {
    auto tm = int_table(1);
    RowsEvent ev;
    ev.kind = RowsKind::write;
    ev.column_count = 1;
    ev.present_before = {1};
    for (auto b : {0, 1, 2})
        ev.rows.push_back(static_cast<std::byte>(b));  // INT needs 4 bytes
    RowReader r(ev, tm);
    RowImage before, after;
    auto res = r.next(before, after);
    ASSERT_FALSE(res);
    EXPECT_TRUE(res.error().is(Errc::truncated)) << res.error().message;
}

}  // namespace
}  // namespace b2k::binlog
