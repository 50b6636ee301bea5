// The DDL interpreter against the server that defines the syntax (issue 4, "DDL parser
// tests"): each statement below — following the MariaDB manual's CREATE/ALTER/RENAME/DROP/
// TRUNCATE TABLE and CREATE/ALTER/DROP DATABASE syntax, with quoting, comments, version
// comments, qualified names, several alterations per statement, partitions, invisible and
// generated columns — runs on a real MariaDB, and what the server wrote to its binlog for it
// (the QUERY events, with their default database, as the tracker reads them: a CREATE … SELECT
// is logged as a CREATE TABLE with the columns spelled out, a temporary table not at all) goes
// through apply_ddl() on the tracked catalog. After every statement the tracked definition of
// every table must equal what information_schema says (read by the same reader the tracker
// starts from): the statement's expected result is the server's, not one written by hand.

#include <gtest/gtest.h>

#include <boost/asio.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mysql/connection.h"
#include "mysql/result_set.h"
#include "schema/ddl_interpreter.h"
#include "schema/information_schema_reader.h"
#include "support/mariadb_server.h"
#include "support/run_coroutine.h"

namespace b2k::schema {
namespace {

namespace asio = boost::asio;

struct Statement {
    const char* db;  // the session's default database ("" for none)
    const char* sql;
};

// In order: later statements build on earlier ones.
const std::vector<Statement> kStatements = {
    {"", "CREATE DATABASE d1"},
    {"", "CREATE DATABASE IF NOT EXISTS d2 DEFAULT CHARACTER SET latin1"},
    {"", "CREATE SCHEMA `d3` CHARACTER SET = utf8mb3 COLLATE utf8mb3_bin"},
    {"d1", "CREATE TABLE t1 (id INT NOT NULL PRIMARY KEY, a VARCHAR(20))"},
    {"d1",
     "CREATE TABLE `t2` (`id` BIGINT UNSIGNED AUTO_INCREMENT, `na``me` CHAR(5) CHARACTER SET "
     "latin1, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"},
    {"d1",
     "CREATE TABLE d2.t3 (x TINYINT, y SMALLINT UNSIGNED ZEROFILL, z MEDIUMINT, w INT(11), "
     "v BIGINT)"},
    {"d1",
     "CREATE TABLE d2.t4 (d DECIMAL, e DECIMAL(5), f DECIMAL(12,4) UNSIGNED, g FLOAT, "
     "h DOUBLE PRECISION, i REAL, n NUMERIC(7,3))"},
    {"d1",
     "CREATE TABLE t5 (d DATE, t TIME(3), dt DATETIME(6), ts TIMESTAMP(2) NULL DEFAULT NULL, "
     "y YEAR, b BIT(7), bo BOOLEAN)"},
    {"d1",
     "CREATE TABLE t6 (e ENUM('a','b''c','d,e') CHARACTER SET latin1, s SET('x','y','z'), "
     "g GEOMETRY, p POINT, u UUID, i6 INET6, i4 INET4)"},
    {"d1",
     "CREATE TABLE t7 (a TINYTEXT, b TEXT CHARACTER SET latin1, c MEDIUMTEXT, d LONGTEXT "
     "COLLATE utf8mb4_bin, e TINYBLOB, f BLOB, g MEDIUMBLOB, h LONGBLOB, i BINARY(3), "
     "j VARBINARY(10), k CHAR(4) BINARY, l NATIONAL CHAR(2))"},
    {"d1",
     "CREATE TABLE /* a comment */ t8 (id INT, -- a line comment\n v INT INVISIBLE, "
     "w INT /*!50700 COMMENT 'versioned' */, # another comment\n PRIMARY KEY (id))"},
    {"d1",
     "CREATE TABLE t9 (a INT, b INT AS (a * 2) VIRTUAL, c INT GENERATED ALWAYS AS (a + 1) "
     "STORED, PRIMARY KEY (a))"},
    {"d1", "CREATE TABLE t10 LIKE t1"},
    {"d1", "CREATE TABLE t11 AS SELECT id, a FROM t1"},
    {"d1", "CREATE TABLE IF NOT EXISTS t1 (z INT)"},
    {"d1",
     "CREATE TABLE t12 (id INT, k INT, PRIMARY KEY (k, id)) PARTITION BY HASH(k) PARTITIONS 4"},
    {"d1",
     "CREATE TABLE t13 (id INT PRIMARY KEY) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS "
     "THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE)"},
    {"d1", "ALTER TABLE t1 ADD COLUMN b INT"},
    {"d1", "ALTER TABLE t1 ADD COLUMN c INT FIRST"},
    {"d1", "ALTER TABLE t1 ADD COLUMN d VARCHAR(5) AFTER id"},
    {"d1", "ALTER TABLE t1 ADD (e INT, f INT)"},
    {"d1", "ALTER TABLE t1 DROP COLUMN f"},
    {"d1", "ALTER TABLE t1 DROP e, DROP COLUMN d"},
    {"d1", "ALTER TABLE t1 MODIFY a VARCHAR(40) CHARACTER SET latin1"},
    {"d1", "ALTER TABLE t1 MODIFY COLUMN b BIGINT UNSIGNED AFTER a"},
    {"d1", "ALTER TABLE t1 CHANGE c c2 DECIMAL(6,2)"},
    {"d1", "ALTER TABLE t1 CHANGE COLUMN c2 c3 DECIMAL(6,2) FIRST"},
    {"d1", "ALTER TABLE t1 RENAME COLUMN c3 TO c4"},
    {"d1", "ALTER TABLE t1 ADD INDEX ix_a (a), ALGORITHM=INPLACE, LOCK=NONE"},
    {"d1", "ALTER TABLE t1 ALTER COLUMN b SET DEFAULT 5"},
    {"d1", "ALTER TABLE t1 DROP PRIMARY KEY"},
    {"d1", "ALTER TABLE t1 ADD PRIMARY KEY (id, b)"},
    {"d1", "ALTER TABLE t1 DROP PRIMARY KEY, ADD CONSTRAINT pk PRIMARY KEY (b)"},
    {"d1", "ALTER TABLE t1 ADD COLUMN IF NOT EXISTS b INT"},
    {"d1", "ALTER TABLE t1 ADD COLUMN IF NOT EXISTS g INT"},
    {"d1", "ALTER TABLE t1 DROP COLUMN IF EXISTS nope"},
    {"d1", "ALTER TABLE t1 CONVERT TO CHARACTER SET utf8mb3"},
    {"d1", "ALTER TABLE t1 DEFAULT CHARACTER SET latin1"},
    {"d1", "ALTER TABLE t1 RENAME TO t1r"},
    {"d1", "ALTER TABLE t1r RENAME d2.t1m"},
    {"d1", "RENAME TABLE d2.t1m TO d1.t1, t2 TO t2r"},
    {"d1", "RENAME TABLE t2r TO tmp, t10 TO t2r, tmp TO t10"},
    {"d1", "ALTER TABLE `d2`.`t3` ADD `q` INT NOT NULL DEFAULT 0 COMMENT 'a, (comment)' AFTER `x`"},
    {"d1", "ALTER TABLE d2.t3 ADD PRIMARY KEY (q)"},
    {"d1", "TRUNCATE TABLE d2.t3"},
    {"d2", "TRUNCATE t4"},
    {"d1", "DROP TABLE t11"},
    {"d1", "DROP TABLE IF EXISTS t11, t13"},
    {"d1", "DROP TABLE d2.t4, t12"},
    {"d1", "CREATE OR REPLACE TABLE t10 (n INT PRIMARY KEY, m TEXT)"},
    {"", "ALTER DATABASE d2 CHARACTER SET utf8mb4"},
    {"d2", "CREATE TABLE t14 (a VARCHAR(3))"},
    {"d1", "CREATE TABLE d3.t15 (a CHAR(2), b ENUM('x'))"},
    {"d1", "ALTER TABLE t5 MODIFY t TIME(6), MODIFY dt DATETIME, ADD COLUMN n INT AFTER d"},
    {"d1", "ALTER TABLE t6 MODIFY e ENUM('a','b''c','d,e','new'), DROP COLUMN p"},
    {"d1", "ALTER TABLE t7 CONVERT TO CHARACTER SET latin1"},
    {"d1", "ALTER TABLE t8 MODIFY v INT"},
    {"d1", "ALTER TABLE t9 ADD COLUMN d INT AS (a - 1) PERSISTENT AFTER a"},
    {"d1", "ALTER TABLE t2r ADD COLUMN z SET('a','b') NOT NULL DEFAULT 'a' FIRST, ADD KEY (z)"},
    {"d1", "CREATE TABLE `d1`.`Mixed Case` (`Col` INT, PRIMARY KEY (`Col`))"},
    {"d1", "ALTER TABLE `Mixed Case` CHANGE `col` `COL2` INT"},
    {"", "DROP DATABASE d3"},
    {"", "CREATE DATABASE d3"},
    {"d3", "CREATE TABLE t16 (a INT, x TINYINT(1) UNSIGNED)"},
    {"d1", "CREATE TABLE /*!32312 IF NOT EXISTS*/ d3.t17 (a INT /*!50700 INVISIBLE */)"},
    {"d1", "ALTER TABLE d3.t16 ADD COLUMN b INT, ADD COLUMN c INT AFTER x, DROP COLUMN a"},
    {"d1",
     "CREATE TABLE t18 (id INT UNSIGNED NOT NULL, PRIMARY KEY USING BTREE (id)) COMMENT='x' "
     "ROW_FORMAT=DYNAMIC"},
    {"d1", "CREATE TEMPORARY TABLE tt (a INT)"},
    {"d1", "CREATE VIEW v1 AS SELECT * FROM t5"},
    {"d1", "DROP TABLE d3.t16"},
    {"d1", "ALTER TABLE t18 ADD COLUMN `select` INT, ADD COLUMN `a b` VARCHAR(2) FIRST"},
    {"d1", "ALTER TABLE t18 DROP PRIMARY KEY, ADD PRIMARY KEY (`select`, id)"},
    // MariaDB's JSON is LONGTEXT utf8mb4 (information_schema: longtext), also in a latin1 table.
    {"d2", "CREATE TABLE t19 (id INT PRIMARY KEY, doc JSON, note TEXT)"},
    {"d2", "ALTER TABLE t19 ADD COLUMN extra JSON AFTER id, MODIFY note JSON"},
};

bool ours(const std::string& db) {
    return db == "d1" || db == "d2" || db == "d3";
}

TEST(DdlAgainstServer, EveryStatementLeavesTheDefinitionsInformationSchemaShows) {
    test::MariadbServer db;
    asio::io_context io;
    mysql::Connection conn(io.get_executor());
    mysql::ConnectOptions co;
    co.host = db.host();
    co.port = db.port();
    co.user = db.user();
    co.password = db.password();
    co.tls.mode = mysql::TlsMode::disabled;
    auto connected = test::run_coroutine<Result<void>>(io, [&]() { return conn.connect(co); });
    ASSERT_TRUE(connected) << connected.error().message;
    auto read = [&]() {
        return test::run_coroutine<Result<SchemaCatalog>>(
            io, [&]() { return read_information_schema(conn); });
    };

    DdlOptions opts;
    opts.flavor = binlog::Flavor::mariadb;
    opts.server_charset = db.sql_rows("SELECT @@character_set_server").at(0).at(0);
    auto start = read();
    ASSERT_TRUE(start) << start.error().message;
    SchemaCatalog tracked = std::move(start).value();

    auto query = [&](const std::string& sql) {
        auto r =
            test::run_coroutine<Result<mysql::ResultSet>>(io, [&]() { return conn.query(sql); });
        if (!r) throw std::runtime_error(sql + ": " + r.error().message);
        return std::move(r).value();
    };
    auto field = [](const mysql::ResultSet& rs, const mysql::Row& row, const char* name) {
        const auto i = rs.column_index(name);
        return i && row[*i] ? *row[*i] : std::string();
    };

    ASSERT_GE(kStatements.size(), 60u);
    int changed = 0;
    int logged = 0;
    for (std::size_t i = 0; i < kStatements.size(); ++i) {
        const Statement& st = kStatements[i];
        SCOPED_TRACE("statement " + std::to_string(i + 1) + ": " + st.sql);
        const auto at = query("SHOW MASTER STATUS");
        ASSERT_EQ(at.rows.size(), 1u);
        const std::string file = field(at, at.rows[0], "File");
        const std::string pos = field(at, at.rows[0], "Position");
        db.sql(std::string(*st.db ? "USE " + std::string(st.db) + "; " : "") + st.sql + ";");
        // The statement as the binlog has it: MariaDB shows a QUERY event's default database
        // as "use `db`; " before the text.
        const auto events = query("SHOW BINLOG EVENTS IN '" + file + "' FROM " + pos);
        for (const auto& row : events.rows) {
            if (field(events, row, "Event_type") != "Query") continue;
            std::string text = field(events, row, "Info");
            std::string in_db;
            if (text.starts_with("use `")) {
                const auto end = text.find("`; ");
                ASSERT_NE(end, std::string::npos) << text;
                in_db = text.substr(5, end - 5);
                text = text.substr(end + 3);
            }
            if (text == "BEGIN" || text == "COMMIT") continue;
            ++logged;
            const DdlOutcome out = apply_ddl(tracked, in_db, text, opts);
            ASSERT_NE(out.kind, DdlKind::unknown) << out.message << "\nlogged as: " << text;
            if (out.kind == DdlKind::applied) ++changed;
        }

        auto server = read();
        ASSERT_TRUE(server) << server.error().message;
        for (const char* d : {"d1", "d2", "d3"}) {
            EXPECT_EQ(tracked.database_charset(d), server.value().database_charset(d))
                << "database " << d;
        }
        for (const auto& [key, t] : server.value().tables()) {
            if (!ours(key.first)) continue;
            const TableSchema* mine = tracked.find(key.first, key.second);
            if (mine == nullptr) {
                ADD_FAILURE() << "the server has " << key.first << "." << key.second
                              << ", the tracked catalog does not";
                continue;
            }
            SchemaCatalog a, b;
            a.put(*mine);
            b.put(t);
            EXPECT_EQ(a.to_json().dump(), b.to_json().dump())
                << "tracked (first) and information_schema (second) differ";
        }
        for (const auto& [key, t] : tracked.tables()) {
            if (ours(key.first) && server.value().find(key.first, key.second) == nullptr) {
                ADD_FAILURE() << "the tracked catalog has " << key.first << "." << key.second
                              << ", the server does not";
            }
        }
        if (HasFailure()) break;  // later statements build on this one
    }
    EXPECT_GE(logged, 60);
    EXPECT_GE(changed, 55);
}

}  // namespace
}  // namespace b2k::schema
