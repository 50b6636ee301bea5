// SchemaTracker as the decoder's TableResolver: a TABLE_MAP without FULL metadata is completed
// from the tracked definition, after everything the event reveals has been checked against it
// (issue 4: "no message is produced from a schema that the binlog contradicts").

#include "schema/schema_tracker.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "binlog/binlog_position.h"
#include "schema/file_schema_history.h"

namespace b2k::schema {
namespace {

using CT = binlog::ColumnType;

ColumnSchema column(std::string name, std::string type) {
    ColumnSchema c;
    c.name = std::move(name);
    c.data_type = std::move(type);
    return c;
}

// shop.t (id INT UNSIGNED PRIMARY KEY, name VARCHAR(10) utf8mb4, price DECIMAL(10,2),
//         flags BIT(5), raw VARBINARY(8), kind ENUM('a','b') latin1)
SchemaCatalog catalog() {
    TableSchema t;
    t.db = "shop";
    t.table = "t";
    t.charset = "utf8mb4";
    auto id = column("id", "int");
    id.is_unsigned = true;
    auto name = column("name", "varchar");
    name.length = 10;
    name.charset = "utf8mb4";
    auto price = column("price", "decimal");
    price.precision = 10;
    price.scale = 2;
    auto flags = column("flags", "bit");
    flags.length = 5;
    auto raw = column("raw", "varbinary");
    raw.length = 8;
    raw.charset = "binary";
    auto kind = column("kind", "enum");
    kind.charset = "latin1";
    kind.enum_values = {"a", "b"};
    t.columns = {id, name, price, flags, raw, kind};
    t.primary_key = {"id"};
    SchemaCatalog cat;
    cat.put(std::move(t));
    return cat;
}

binlog::ColumnDef def(CT type) {
    binlog::ColumnDef d;
    d.type = type;
    d.wire_type = type;
    return d;
}

// The TABLE_MAP a server with binlog_row_metadata=MINIMAL writes for shop.t: types, their
// metadata, signedness and charsets, but no names, labels or key.
binlog::TableMapEvent minimal_map(std::string table = "t") {
    binlog::TableMapEvent tm;
    tm.table_id = 70;
    tm.db = "shop";
    tm.table = std::move(table);
    auto id = def(CT::MYSQL_TYPE_LONG);
    id.is_unsigned = true;
    auto name = def(CT::MYSQL_TYPE_VARCHAR);
    name.length = 40;     // 10 characters of up to 4 bytes
    name.collation = 45;  // utf8mb4_general_ci
    auto price = def(CT::MYSQL_TYPE_NEWDECIMAL);
    price.precision = 10;
    price.scale = 2;
    price.is_unsigned = false;
    auto flags = def(CT::MYSQL_TYPE_BIT);
    flags.bits = 5;
    auto raw = def(CT::MYSQL_TYPE_VARCHAR);
    raw.length = 8;
    raw.collation = 63;  // binary
    auto kind = def(CT::MYSQL_TYPE_ENUM);
    kind.wire_type = CT::MYSQL_TYPE_STRING;
    kind.length = 1;
    kind.collation = 8;  // latin1_swedish_ci
    tm.columns = {id, name, price, flags, raw, kind};
    return tm;
}

class Tracker : public ::testing::Test {
  protected:
    Result<void> resolve(binlog::TableMapEvent& tm) { return tracker.resolve(tm, at); }

    // The error resolve() gives for `tm`; fails the test when it succeeds.
    std::string mismatch(binlog::TableMapEvent tm) {
        auto r = resolve(tm);
        if (r) {
            ADD_FAILURE() << "resolve() accepted a TABLE_MAP that contradicts the definition";
            return "";
        }
        EXPECT_TRUE(r.error().is(Errc::corrupt)) << r.error().message;
        return r.error().message;
    }

    TrackerOptions options() {
        TrackerOptions o;
        o.flavor = binlog::Flavor::mariadb;
        return o;
    }

    SchemaTracker tracker{catalog(), 3, options()};
    binlog::ChangeSource at{"mysql-bin.000007", 4711, 4800, 1, 0, "", binlog::Flavor::mariadb};
};

constexpr std::string_view kPrefix = "schema mismatch for shop.t at mysql-bin.000007:4711: ";

TEST_F(Tracker, MinimalMapIsCompletedFromTheDefinition) {
    auto tm = minimal_map();
    auto r = resolve(tm);
    ASSERT_TRUE(r) << r.error().message;
    std::vector<std::string> names;
    for (const auto& c : tm.columns)
        names.push_back(c.name);
    EXPECT_EQ(names, (std::vector<std::string>{"id", "name", "price", "flags", "raw", "kind"}));
    EXPECT_EQ(tm.primary_key, std::vector<std::uint32_t>{0});
    EXPECT_EQ(tm.columns[0].is_unsigned, true);
    EXPECT_EQ(tm.columns[5].labels, (std::vector<std::string>{"a", "b"}));
}

TEST_F(Tracker, FullMetadataIsTakenAsItIs) {
    auto tm = minimal_map();
    tm.columns.pop_back();  // would be a count mismatch, but the event is authoritative
    tm.optional_kinds |= 1u << static_cast<unsigned>(binlog::OptionalMetadata::COLUMN_NAME);
    for (auto& c : tm.columns)
        c.name = "x";
    ASSERT_TRUE(resolve(tm));
    EXPECT_EQ(tm.columns[0].name, "x");
}

TEST_F(Tracker, ColumnCountMismatchStops) {
    auto tm = minimal_map();
    tm.columns.push_back(def(CT::MYSQL_TYPE_LONG));
    const std::string msg = mismatch(tm);
    EXPECT_EQ(
        msg.rfind(std::string(kPrefix) + "the binlog has 7 columns, the tracked definition 6", 0),
        0u)
        << msg;
}

TEST_F(Tracker, EachContradictionNamesTheColumn) {
    struct Case {
        const char* what;
        std::function<void(binlog::TableMapEvent&)> edit;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {"type family", [](auto& tm) { tm.columns[0].type = CT::MYSQL_TYPE_LONGLONG; },
         "column 1 (id) is int in the tracked definition but"},
        {"signedness", [](auto& tm) { tm.columns[0].is_unsigned = false; },
         "column 1 (id) is unsigned in the tracked definition but signed in the binlog"},
        {"decimal scale", [](auto& tm) { tm.columns[2].scale = 3; },
         "column 3 (price) is decimal(10,2) in the tracked definition but decimal(10,3)"},
        {"charset", [](auto& tm) { tm.columns[1].collation = 8; },
         "column 2 (name) is in charset utf8mb4 in the tracked definition but latin1 in the "
         "binlog (collation 8)"},
        {"varchar length", [](auto& tm) { tm.columns[1].length = 80; },
         "column 2 (name) is varchar(10) in the tracked definition (40 bytes) but 80 bytes long "
         "in the binlog"},
        {"varbinary length", [](auto& tm) { tm.columns[4].length = 9; },
         "column 5 (raw) is varbinary(8) in the tracked definition (8 bytes) but 9 bytes long"},
        {"text became blob", [](auto& tm) { tm.columns[1].collation = 63; },
         "column 2 (name) is in charset utf8mb4 in the tracked definition but binary"},
        {"bit width", [](auto& tm) { tm.columns[3].bits = 6; },
         "column 4 (flags) is bit(5) in the tracked definition but bit(6) in the binlog"},
        {"enum charset", [](auto& tm) { tm.columns[5].collation = 45; },
         "column 6 (kind) is in charset latin1 in the tracked definition but utf8mb4"},
    };
    for (const auto& c : cases) {
        auto tm = minimal_map();
        c.edit(tm);
        const std::string msg = mismatch(tm);
        EXPECT_EQ(msg.rfind(kPrefix, 0), 0u) << c.what << ": " << msg;
        EXPECT_NE(msg.find(c.expected), std::string::npos) << c.what << ": " << msg;
        EXPECT_NE(msg.find("schema version 3"), std::string::npos) << c.what << ": " << msg;
        EXPECT_NE(msg.find("binlog_row_metadata=FULL"), std::string::npos) << c.what;
    }
}

TEST_F(Tracker, WhatTheEventDoesNotCarryIsNotChecked) {
    auto tm = minimal_map();
    for (auto& c : tm.columns) {
        c.is_unsigned.reset();
        c.collation.reset();
    }
    auto r = resolve(tm);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(tm.columns[0].is_unsigned, true);  // from the definition
    EXPECT_EQ(tm.columns[1].collation, 45u);     // utf8mb4's default collation id
}

TEST_F(Tracker, UnknownTableStopsOnlyWhenItIsPublished) {
    auto tm = minimal_map("gone");
    auto r = resolve(tm);
    ASSERT_FALSE(r);
    EXPECT_NE(
        r.error().message.find("no definition of shop.gone is known at mysql-bin.000007:4711"),
        std::string::npos)
        << r.error().message;
    // accept_current only replaces definitions the history marks unknown: not offered here.
    EXPECT_NE(r.error().message.find("exclude the table"), std::string::npos);
    EXPECT_EQ(r.error().message.find("accept_current"), std::string::npos) << r.error().message;

    // An excluded table (or the server's own schemas, where RDS writes heartbeats) is left as
    // logged: its rows are never published, so neither an unknown nor a contradicted
    // definition stops the stream.
    auto o = options();
    o.captured = [](std::string_view db, std::string_view table) {
        return db == "shop" && table != "gone" && table != "t";
    };
    SchemaTracker filtered(catalog(), 3, o);
    auto gone = minimal_map("gone");
    EXPECT_TRUE(filtered.resolve(gone, at));
    auto t = minimal_map();
    t.columns[0].is_unsigned = false;
    ASSERT_TRUE(filtered.resolve(t, at));
    EXPECT_EQ(t.columns[0].name, "");
}

// A DDL the tracker cannot interpret makes the table unknown — in a stored version, so a
// restart after the statement still refuses to guess — until a CREATE TABLE defines it whole.
TEST_F(Tracker, UninterpretableDdlMakesTheTableUnknownAcrossARestart) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("b2k-tracker-unknown-" + std::to_string(::getpid()) + ".jsonl");
    std::filesystem::remove(path);
    auto history = std::make_shared<FileSchemaHistory>(path.string());
    auto o = options();
    o.history = history;
    SchemaTracker live(catalog(), 3, o);
    auto statement = [&](SchemaTracker& t, const std::string& sql) {
        binlog::QueryEvent q;
        q.db = "shop";
        q.query = sql;
        return t.on_statement(binlog::StatementChange{at, q});
    };
    // Dropping a column the tracked definition does not have: not something it can follow.
    ASSERT_TRUE(statement(live, "ALTER TABLE t DROP COLUMN not_there"));
    EXPECT_EQ(live.version(), 4u);
    auto tm = minimal_map();
    auto r = live.resolve(tm, at);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("unknown since the DDL 'ALTER TABLE t DROP COLUMN "
                                     "not_there'"),
              std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("schema.accept_current"), std::string::npos);
    // An ALTER it does understand changes the stale definition, which stays unknown; so does
    // the definition after a rename.
    ASSERT_TRUE(statement(live, "ALTER TABLE t ADD COLUMN extra INT"));
    ASSERT_TRUE(statement(live, "RENAME TABLE t TO t2"));
    auto renamed = minimal_map("t2");
    EXPECT_FALSE(live.resolve(renamed, at));

    // A restart from a checkpoint after the statement resumes with the stored version.
    auto stored = history->load(live.version());
    ASSERT_TRUE(stored && stored.value()) << "the version was not stored";
    EXPECT_EQ(stored.value()->catalog.find("shop", "t2")->unknown_since,
              "ALTER TABLE t DROP COLUMN not_there");
    SchemaTracker restarted(stored.value()->catalog, stored.value()->version, o);
    auto again = minimal_map("t2");
    EXPECT_FALSE(restarted.resolve(again, at));

    // CREATE TABLE defines it whole again.
    ASSERT_TRUE(statement(restarted, "DROP TABLE t2"));
    ASSERT_TRUE(statement(restarted,
                          "CREATE TABLE t2 (id INT UNSIGNED PRIMARY KEY, name VARCHAR(10) "
                          "CHARACTER SET utf8mb4, price DECIMAL(10,2), flags BIT(5), raw "
                          "VARBINARY(8), kind ENUM('a','b') CHARACTER SET latin1)"));
    auto defined = minimal_map("t2");
    auto ok = restarted.resolve(defined, at);
    EXPECT_TRUE(ok) << ok.error().message;
    std::filesystem::remove(path);
}

// The first start's snapshot was read while the binlog went from 1000 to 3000 of
// mysql-bin.000007: a DDL logged in between may already be in it, so the table it names is
// unknown rather than changed twice; DDL before or after the window is followed.
TEST_F(Tracker, DdlLoggedWhileTheSnapshotWasReadMakesItsTablesUnknown) {
    auto o = options();
    o.snapshot_window =
        TrackerOptions::SnapshotWindow{"mysql-bin.000007", 1000, "mysql-bin.000007", 3000};
    std::vector<std::string> warnings;
    o.warn = [&](const std::string& m) { warnings.push_back(m); };
    auto cat = catalog();
    TableSchema other = *cat.find("shop", "t");
    other.table = "u";
    cat.put(other);
    TableSchema third = other;
    third.table = "v";
    cat.put(third);
    SchemaTracker t(cat, 3, o);
    auto statement = [&](const std::string& file, std::uint64_t pos, const std::string& sql) {
        binlog::ChangeSource src{file, pos, pos + 100, 1, 0, "", binlog::Flavor::mariadb};
        binlog::QueryEvent q;
        q.db = "shop";
        q.query = sql;
        return t.on_statement(binlog::StatementChange{src, q});
    };
    // Inside the window (its first byte included): the table becomes unknown.
    ASSERT_TRUE(statement("mysql-bin.000007", 1000, "ALTER TABLE t ADD COLUMN extra INT"));
    auto tm = minimal_map();
    auto r = t.resolve(tm, at);
    ASSERT_FALSE(r) << "a table altered during the snapshot was decoded with a guess";
    EXPECT_NE(r.error().message.find("unknown since the DDL 'ALTER TABLE t ADD COLUMN extra INT "
                                     "[at mysql-bin.000007:1000, logged while information_schema "
                                     "was read at the first start"),
              std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("schema.accept_current"), std::string::npos);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("mysql-bin.000007:1000"), std::string::npos) << warnings[0];
    // A rename in the window: both names unknown.
    ASSERT_TRUE(statement("mysql-bin.000007", 2999, "RENAME TABLE u TO u2"));
    auto u = minimal_map("u");
    EXPECT_FALSE(t.resolve(u, at));
    auto u2 = minimal_map("u2");
    EXPECT_FALSE(t.resolve(u2, at));
    // The window's end is where the server's binlog stood after the snapshot: a DDL there is
    // after it, and followed (v gains a column: the 6-column map no longer fits).
    ASSERT_TRUE(statement("mysql-bin.000007", 3000, "ALTER TABLE v ADD COLUMN extra INT"));
    auto v = minimal_map("v");
    EXPECT_FALSE(t.resolve(v, at));
    ASSERT_FALSE(t.catalog().find("shop", "v")->columns.empty());
    EXPECT_TRUE(t.catalog().find("shop", "v")->unknown_since.empty());
    EXPECT_EQ(t.catalog().find("shop", "v")->columns.back().name, "extra");
}

// A table the tracker lost is re-read from today's information_schema only when today's
// definition is the one in force at the TABLE_MAP: the stream has caught up and no statement
// logged between the TABLE_MAP and the binlog's end changes the table.
class Reread : public Tracker {
  protected:
    // shop.t unknown since a DDL the tracker could not follow; `re` answers its re-reads.
    SchemaTracker lost(TrackerOptions o) {
        auto cat = catalog();
        cat.find("shop", "t")->unknown_since = "ALTER TABLE t DROP COLUMN gone";
        o.reread = [this](const std::string& db, const std::string& table, const std::string& file,
                          std::uint64_t pos) -> Result<TableReread> {
            asked.push_back(db + "." + table + "@" + file + ":" + std::to_string(pos));
            if (!re) return failure(re.error());
            return re.value();
        };
        o.warn = [this](const std::string& m) { warnings.push_back(m); };
        return SchemaTracker(cat, 3, o);
    }
    // Caught up: the binlog ends 500 bytes on, with `statements` logged in between.
    static TableReread caught_up(std::vector<replication::LoggedStatement> statements = {}) {
        TableReread r;
        r.table = *catalog().find("shop", "t");
        r.end_file = "mysql-bin.000007";
        r.end_pos = 5300;
        r.statements = std::move(statements);
        r.reached = true;
        r.max_bytes = 16 << 20;
        return r;
    }
    static replication::LoggedStatement logged(std::string db, std::string sql) {
        return {"mysql-bin.000007", 5000, std::move(db), std::move(sql)};
    }
    std::string refused(SchemaTracker& t) {
        auto tm = minimal_map();
        auto r = t.resolve(tm, at);
        if (r) {
            ADD_FAILURE() << "today's definition was used where it may not be the one in force";
            return "";
        }
        return r.error().message;
    }

    Result<TableReread> re = caught_up();
    std::vector<std::string> asked;
    std::vector<std::string> warnings;
};

TEST_F(Reread, CaughtUpWithNoLaterDdlTakesTodaysDefinition) {
    SchemaTracker t = lost(options());
    auto tm = minimal_map();
    auto r = t.resolve(tm, at);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(asked, std::vector<std::string>{"shop.t@mysql-bin.000007:4800"});
    EXPECT_EQ(tm.columns[1].name, "name");
    EXPECT_EQ(tm.primary_key, std::vector<std::uint32_t>{0});
    EXPECT_TRUE(t.catalog().find("shop", "t")->unknown_since.empty());
    EXPECT_EQ(t.version(), 4u) << "the re-read definition is a new version";
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("re-read the definition of shop.t at mysql-bin.000007:4711"),
              std::string::npos)
        << warnings[0];
    // Known now: the next TABLE_MAP is not re-read.
    auto next = minimal_map();
    ASSERT_TRUE(t.resolve(next, at));
    EXPECT_EQ(asked.size(), 1u);
    // Statements that leave the table's definition alone do not stand in the way.
    re = caught_up({logged("shop", "INSERT INTO t VALUES (1)"),
                    logged("shop", "ALTER TABLE other ADD COLUMN c INT"),
                    logged("", "CREATE DATABASE elsewhere"), logged("shop", "TRUNCATE TABLE t"),
                    logged("shop", "ALTER TABLE t COMMENT 'later'"),
                    logged("shop", "CREATE INDEX k ON t (name)")});
    SchemaTracker again = lost(options());
    auto tm2 = minimal_map();
    auto r2 = again.resolve(tm2, at);
    EXPECT_TRUE(r2) << r2.error().message;
}

TEST_F(Reread, ALaterDdlOnTheTableRefuses) {
    // Altered, altered qualified from another default database, renamed away, renamed onto
    // (t_new is a different table), dropped with its database, or named by a DDL the
    // interpreter cannot follow: each changes (or may change) shop.t after the TABLE_MAP.
    for (const auto& st :
         {logged("shop", "ALTER TABLE t MODIFY name VARCHAR(12)"),
          logged("other", "ALTER TABLE `shop`.`t` ADD COLUMN c INT"),
          logged("shop", "RENAME TABLE t TO t_old"),
          logged("shop", "RENAME TABLE t TO t_old, t_new TO t"), logged("", "DROP DATABASE shop"),
          logged("shop", "ALTER TABLE t DROP COLUMN not_there"),
          logged("shop", "RENAME TABLE nowhere TO t_old, t_old TO `t`")}) {
        SCOPED_TRACE(st.query);
        re = caught_up({logged("shop", "CREATE TABLE t_new (id INT PRIMARY KEY)"),
                        logged("shop", "INSERT INTO t VALUES (1)"), st});
        SchemaTracker t = lost(options());
        const std::string e = refused(t);
        EXPECT_NE(e.find("the definition of shop.t at mysql-bin.000007:4711 is unknown since the "
                         "DDL 'ALTER TABLE t DROP COLUMN gone'"),
                  std::string::npos)
            << e;
        EXPECT_NE(e.find("the DDL '" + st.query +
                         "' at mysql-bin.000007:5000 changes the table "
                         "after this position"),
                  std::string::npos)
            << e;
        EXPECT_NE(e.find("schema.accept_current"), std::string::npos) << e;
        EXPECT_FALSE(t.catalog().find("shop", "t")->unknown_since.empty());
    }
}

TEST_F(Reread, BehindOrUnreadableOrGoneRefuses) {
    re = caught_up();
    re.value().reached = false;
    SchemaTracker behind = lost(options());
    std::string e = refused(behind);
    EXPECT_NE(e.find("The stream is behind: the server's binlog ends at mysql-bin.000007:5300, "
                     "more than 16 MiB after this position"),
              std::string::npos)
        << e;
    EXPECT_NE(e.find("binlog_row_metadata=FULL"), std::string::npos) << e;

    re = failure(Errc::protocol, "Access denied; you need the SUPER, BINLOG MONITOR privilege");
    SchemaTracker denied = lost(options());
    e = refused(denied);
    EXPECT_NE(e.find("Re-reading its definition from information_schema failed (Access denied"),
              std::string::npos)
        << e;

    re = caught_up();
    re.value().table.reset();
    SchemaTracker gone = lost(options());
    e = refused(gone);
    EXPECT_NE(e.find("shop.t is not in information_schema today"), std::string::npos) << e;

    // Today's definition, re-read, contradicts the binlog too.
    re = caught_up();
    re.value().table->columns.pop_back();
    SchemaTracker narrower = lost(options());
    e = refused(narrower);
    EXPECT_NE(e.find("the binlog has 6 columns, the tracked definition 5"), std::string::npos) << e;
    EXPECT_NE(e.find("Today's definition in information_schema disagrees with the binlog too"),
              std::string::npos)
        << e;
    EXPECT_FALSE(narrower.catalog().find("shop", "t")->unknown_since.empty())
        << "a definition the binlog contradicts was kept";
    EXPECT_TRUE(warnings.empty()) << "a re-read that was not used was announced";
}

TEST_F(Reread, AMismatchIsReReadOnlyWithRereadOnce) {
    // The tracked definition has price as DECIMAL(8,2); the binlog (and today) says (10,2).
    auto stale = [](SchemaTracker& t) {
        binlog::QueryEvent q;
        q.db = "shop";
        q.query = "ALTER TABLE t MODIFY price DECIMAL(8,2)";
        binlog::ChangeSource src{"mysql-bin.000007", 100, 200, 1, 0, "", binlog::Flavor::mariadb};
        return t.on_statement(binlog::StatementChange{src, q});
    };
    auto known = [this](TrackerOptions o) {
        o.reread = [this](const std::string&, const std::string&, const std::string&,
                          std::uint64_t) -> Result<TableReread> {
            asked.push_back("t");
            return re.value();
        };
        return SchemaTracker(catalog(), 3, o);
    };
    SchemaTracker stop = known(options());
    ASSERT_TRUE(stale(stop));
    auto tm = minimal_map();
    auto r = stop.resolve(tm, at);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::corrupt));
    EXPECT_TRUE(asked.empty()) << "schema.on_mismatch: stop re-read the table";

    auto o = options();
    o.reread_on_mismatch = true;
    SchemaTracker once = known(o);
    ASSERT_TRUE(stale(once));
    auto tm2 = minimal_map();
    auto ok = once.resolve(tm2, at);
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(asked.size(), 1u);
    EXPECT_EQ(once.catalog().find("shop", "t")->columns[2].precision, 10u);

    // Not caught up: the mismatch stops, and says why the re-read was not used.
    re.value().reached = false;
    SchemaTracker behind = known(o);
    ASSERT_TRUE(stale(behind));
    auto tm3 = minimal_map();
    auto no = behind.resolve(tm3, at);
    ASSERT_FALSE(no);
    EXPECT_NE(no.error().message.find("schema mismatch for shop.t at mysql-bin.000007:4711: "
                                      "column 3 (price) is decimal(8,2)"),
              std::string::npos)
        << no.error().message;
    EXPECT_NE(no.error().message.find("schema.on_mismatch: reread_once did not use today's "
                                      "definition. The stream is behind"),
              std::string::npos)
        << no.error().message;
}

TEST(BinlogPosition, OrderAcrossFilesAndPastSixDigits) {
    EXPECT_TRUE(binlog::binlog_before("mysql-bin.000007", 5000, "mysql-bin.000008", 4));
    EXPECT_TRUE(binlog::binlog_before("mysql-bin.000007", 4, "mysql-bin.000007", 5));
    EXPECT_FALSE(binlog::binlog_before("mysql-bin.000007", 5, "mysql-bin.000007", 5));
    EXPECT_TRUE(binlog::binlog_before("mysql-bin.999999", 9000, "mysql-bin.1000000", 4));
    EXPECT_FALSE(binlog::binlog_before("mysql-bin.1000000", 4, "mysql-bin.999999", 9000));
}

}  // namespace
}  // namespace b2k::schema
