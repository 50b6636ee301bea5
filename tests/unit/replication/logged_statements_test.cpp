// The Info column of SHOW BINLOG EVENTS for a Query event (Query_log_event::pack_info):
// "use `db`; statement", backquotes in the name doubled; without a default database, the
// statement alone. (The scan itself runs against MariaDB in the schema tracker's integration
// test.)

#include "replication/logged_statements.h"

#include <gtest/gtest.h>

namespace b2k::replication {
namespace {

TEST(QueryInfo, DefaultDatabaseAndStatement) {
    const auto a = parse_query_info("use `shop`; ALTER TABLE t ADD COLUMN c INT");
    EXPECT_EQ(a.db, "shop");
    EXPECT_EQ(a.query, "ALTER TABLE t ADD COLUMN c INT");

    const auto b = parse_query_info("use `we``ird; db`; DROP TABLE x");
    EXPECT_EQ(b.db, "we`ird; db");
    EXPECT_EQ(b.query, "DROP TABLE x");

    const auto c = parse_query_info("CREATE DATABASE d");
    EXPECT_EQ(c.db, "");
    EXPECT_EQ(c.query, "CREATE DATABASE d");

    // Not the prefix the server writes: kept whole.
    const auto d = parse_query_info("use `unterminated");
    EXPECT_EQ(d.db, "");
    EXPECT_EQ(d.query, "use `unterminated");
}

}  // namespace
}  // namespace b2k::replication
