// End to end: a real MariaDB on loopback -> `binlog2kafka run --until-caught-up` -> the mock
// Kafka cluster in its own process -> every topic read back, materialized per key in partition
// order, and compared with `SELECT *` of every captured table (issue 5, "Proof").
//
// One workload (kWorkload) covers every column type, multi-statement transactions, an InnoDB
// ROLLBACK, a ROLLBACK that keeps a non-transactional table's rows, XA COMMIT / XA ROLLBACK /
// XA COMMIT ONE PHASE, a 50k-row transaction, primary-key changes (single and composite keys,
// and onto a key deleted earlier), a table without a primary key, DDL mid-stream (ADD COLUMN,
// then more rows), an excluded table and an excluded column.
//
// It runs once per binlog_row_image (FULL, MINIMAL, NOBLOB) with binlog_row_metadata=FULL,
// and once with FULL images and binlog_row_metadata=MINIMAL ("FULL-minimal-metadata": the
// TABLE_MAP events carry no names, keys or labels, so every row goes through the schema
// tracker, across the workload's DDL): with MINIMAL and NOBLOB images every value the server
// logged must be identical, and the cells it never logged are counted and printed (NOBLOB: only
// BLOB/TEXT-family columns may be among them). With FULL images only a column added by DDL is
// missing from rows untouched since.
//
// One server and one daemon run per row image, shared by the tests of that image (the first
// test to need it starts it).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "support/daemon_run.h"
#include "support/materialize.h"
#include "support/mock_kafka_process.h"
#include "support/table_snapshot.h"

namespace b2k::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kBulkRows = 50000;

// Markers of rows that must never be published (rolled back) and of rows that must be.
constexpr const char* kRolledBackMarker = "rolled-back-marker";
constexpr const char* kXaRolledBackMarker = "xa-rolled-back-marker";
constexpr const char* kExcludedTableMarker = "excluded-table-marker";
constexpr const char* kSecretMarker = "top-secret-marker";

const char* const kWorkload = R"sql(
SET time_zone = '+00:00';
CREATE DATABASE shop;

CREATE TABLE shop.types (
  id INT PRIMARY KEY,
  i8 TINYINT, u8 TINYINT UNSIGNED, i16 SMALLINT, u16 SMALLINT UNSIGNED,
  i24 MEDIUMINT, u24 MEDIUMINT UNSIGNED, i32 INT, u32 INT UNSIGNED,
  i64 BIGINT, u64 BIGINT UNSIGNED,
  dec_small DECIMAL(10,2), dec_big DECIMAL(38,10), dec_int DECIMAL(5,0),
  f FLOAT, d DOUBLE,
  dt DATE, dtm DATETIME, dtm3 DATETIME(3), dtm6 DATETIME(6),
  ts TIMESTAMP NULL DEFAULT NULL, ts6 TIMESTAMP(6) NULL DEFAULT NULL,
  tm TIME, tm2 TIME(2), yr YEAR,
  c_utf CHAR(10) CHARACTER SET utf8mb4, vc_utf VARCHAR(300) CHARACTER SET utf8mb4,
  tx_utf TEXT CHARACTER SET utf8mb4, ltx_utf LONGTEXT CHARACTER SET utf8mb4,
  c_lat CHAR(10) CHARACTER SET latin1, vc_lat VARCHAR(300) CHARACTER SET latin1,
  tx_lat TEXT CHARACTER SET latin1,
  bn BINARY(4), vb VARBINARY(64), tbl TINYBLOB, bl BLOB, mbl MEDIUMBLOB,
  en ENUM('red','green','blue'), st SET('a','b','c','d'),
  b1 BIT(1), b12 BIT(12), b64 BIT(64),
  js JSON,
  geo GEOMETRY NULL
) ENGINE=InnoDB;

INSERT INTO shop.types VALUES
 (1, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295,
  9223372036854775807, 18446744073709551615,
  99999999.99, 1234567890123456789012345678.0123456789, 99999,
  1.5, 1.7976931348623157e308,
  '9999-12-31', '9999-12-31 23:59:59', '2024-02-29 13:45:01.250', '2024-02-29 13:45:01.123456',
  '2038-01-19 03:14:07', '2038-01-19 03:14:07.999999',
  '838:59:59', '-838:59:59.00', 2155,
  'ünï ab', 'emoji 😀 中文 "quoted" \\ back\tslash', REPEAT('ab€ ', 1000), REPEAT('long😀', 5000),
  'café', 'naïve € ‚ƒ „…', REPEAT('Ÿ€', 300),
  x'00ff10', x'0001fffe00', x'', x'00010203', REPEAT(x'deadbeef', 3000),
  'blue', 'a,c,d', 1, b'111111111111', b'1111111111111111111111111111111111111111111111111111111111111111',
  '{"k": [1, 2], "s": "é", "n": null}',
  ST_GeomFromText('POINT(1 2)', 4326)),
 (2, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0,
  -9223372036854775808, 0,
  -99999999.99, -0.0000000001, -99999,
  -0.125, -2.25e-10,
  '1000-01-01', '1000-01-01 00:00:00', '1000-01-01 00:00:00.001', '1000-01-01 00:00:00.000001',
  '1970-01-01 00:00:01', '1970-01-01 00:00:01.000001',
  '-838:59:59', '00:00:00.01', 1901,
  '', '', '', '', '', '', '',
  x'', x'', x'', x'', x'',
  'red', '', 0, b'0', b'0',
  '[]',
  ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0.5)')),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- Zero and invalid dates, year 0 and the invalid ENUM value (index 0): sql_mode allows them.
SET SESSION sql_mode = '';
INSERT INTO shop.types (id, dt, dtm, dtm3, ts, yr, en, c_utf) VALUES
 (4, '0000-00-00', '0000-00-00 00:00:00', '2024-02-30 10:00:00', '0000-00-00 00:00:00', 0,
  'purple', 'trail  ');
SET SESSION sql_mode = DEFAULT;
INSERT INTO shop.types (id, vc_utf) VALUES (5, 'to be deleted');
UPDATE shop.types SET vc_utf = 'updated', u64 = 1, dtm6 = '2000-01-01 00:00:00.5' WHERE id = 1;
UPDATE shop.types SET i8 = 1, st = 'b', js = '"a json string"', geo = ST_GeomFromText('POINT(-1.5 3)') WHERE id = 3;
DELETE FROM shop.types WHERE id = 5;

CREATE TABLE shop.orders (
  id INT PRIMARY KEY, customer VARCHAR(50), amount DECIMAL(10,2),
  status ENUM('new','paid','shipped'), note VARCHAR(50)
) ENGINE=InnoDB;
CREATE TABLE shop.order_lines (
  order_id INT, line_no INT, sku VARCHAR(20), qty INT, PRIMARY KEY (order_id, line_no)
) ENGINE=InnoDB;
CREATE TABLE shop.nontx_log (id INT PRIMARY KEY, what VARCHAR(50)) ENGINE=MyISAM;

INSERT INTO shop.orders VALUES
 (1, 'ann', 10.00, 'new', NULL), (2, 'bob', 20.50, 'new', NULL), (3, 'cy', 0.99, 'new', NULL),
 (4, 'di', 5.00, 'new', NULL), (5, 'ed', 7.25, 'new', NULL);
BEGIN;
INSERT INTO shop.orders VALUES (6, 'fay', 60.00, 'new', 'in a transaction');
UPDATE shop.orders SET status = 'paid' WHERE id = 1;
DELETE FROM shop.orders WHERE id = 5;
INSERT INTO shop.order_lines VALUES (1, 1, 'sku-1', 2), (1, 2, 'sku-2', 1), (6, 1, 'sku-9', 5);
COMMIT;

-- Rolled back: an InnoDB-only transaction leaves nothing in the binlog.
BEGIN;
INSERT INTO shop.orders VALUES (900, 'rolled-back-marker', 1.00, 'new', NULL);
UPDATE shop.orders SET note = 'rolled-back-marker' WHERE id = 1;
DELETE FROM shop.orders WHERE id = 2;
ROLLBACK;

-- Rolled back with a non-transactional table in it: the MyISAM row did happen.
BEGIN;
INSERT INTO shop.nontx_log VALUES (1, 'kept although rolled back');
INSERT INTO shop.orders VALUES (901, 'rolled-back-marker', 1.00, 'new', NULL);
ROLLBACK;

-- Primary-key changes: single key, onto a key deleted earlier, composite key (all of it; a
-- change of one column of a composite key has its own test below).
UPDATE shop.orders SET id = id + 100 WHERE id IN (2, 3);
UPDATE shop.orders SET id = 5, note = 'moved onto a deleted key' WHERE id = 4;
UPDATE shop.order_lines SET order_id = 7, line_no = 3 WHERE order_id = 6 AND line_no = 1;

-- XA: committed, rolled back, one phase.
XA START 'xa-commit';
INSERT INTO shop.orders VALUES (500, 'xa-committed', 50.00, 'new', NULL);
UPDATE shop.orders SET note = 'xa-commit note' WHERE id = 1;
XA END 'xa-commit';
XA PREPARE 'xa-commit';
XA COMMIT 'xa-commit';

XA START 'xa-rollback';
INSERT INTO shop.orders VALUES (501, 'xa-rolled-back-marker', 51.00, 'new', NULL);
UPDATE shop.orders SET note = 'xa-rolled-back-marker' WHERE id = 6;
DELETE FROM shop.orders WHERE id = 102;
XA END 'xa-rollback';
XA PREPARE 'xa-rollback';
XA ROLLBACK 'xa-rollback';

XA START 'xa-one';
INSERT INTO shop.orders VALUES (502, 'xa-one-phase', 52.00, 'shipped', NULL);
XA END 'xa-one';
XA COMMIT 'xa-one' ONE PHASE;

-- An excluded table and an excluded column.
CREATE TABLE shop.excluded_audit (id INT PRIMARY KEY, what VARCHAR(50)) ENGINE=InnoDB;
INSERT INTO shop.excluded_audit VALUES (1, 'excluded-table-marker'), (2, 'excluded-table-marker');
UPDATE shop.excluded_audit SET what = 'excluded-table-marker!' WHERE id = 1;
CREATE TABLE shop.customers (
  id INT PRIMARY KEY, name VARCHAR(50), secret VARCHAR(50), email VARCHAR(50)
) ENGINE=InnoDB;
INSERT INTO shop.customers VALUES
 (1, 'ann', 'top-secret-marker', 'ann@example.com'), (2, 'bob', 'top-secret-marker', NULL);
UPDATE shop.customers SET secret = 'top-secret-marker 2' WHERE id = 1;
UPDATE shop.customers SET name = 'Bob' WHERE id = 2;
DELETE FROM shop.customers WHERE id = 1;

-- No primary key: duplicates, an update and deletes.
CREATE TABLE shop.nopk (a INT, b VARCHAR(20)) ENGINE=InnoDB;
INSERT INTO shop.nopk VALUES (1, 'x'), (1, 'x'), (2, 'y'), (3, 'z'), (4, NULL);
UPDATE shop.nopk SET b = 'w' WHERE a = 2;
DELETE FROM shop.nopk WHERE a = 1 LIMIT 1;
DELETE FROM shop.nopk WHERE a = 3;

-- DDL mid-stream: rows 2 and 3 are never written after the ALTER.
CREATE TABLE shop.evolving (id INT PRIMARY KEY, name VARCHAR(20)) ENGINE=InnoDB;
INSERT INTO shop.evolving VALUES (1, 'one'), (2, 'two'), (3, 'three');
ALTER TABLE shop.evolving ADD COLUMN extra INT NOT NULL DEFAULT 7 AFTER id;
INSERT INTO shop.evolving VALUES (4, 8, 'four');
UPDATE shop.evolving SET name = 'one!' WHERE id = 1;

-- One transaction of 50,000 rows, then a few changes to it.
CREATE TABLE shop.bulk (id INT PRIMARY KEY, v INT, pad CHAR(8)) ENGINE=InnoDB;
BEGIN;
INSERT INTO shop.bulk SELECT seq, seq * 7, 'p' FROM shop.seq_1_to_50000;
COMMIT;
UPDATE shop.bulk SET v = -v WHERE id % 5000 = 0;
DELETE FROM shop.bulk WHERE id % 10000 = 1;
)sql";

const std::vector<std::string> kExclude = {"shop.excluded_*"};
const std::vector<std::string> kExcludeColumns = {"shop.customers.secret"};

// Cells the server never logged by design with FULL images: a column added by DDL is not
// written to rows that no statement touched afterwards (here shop.evolving rows 2 and 3).
const std::set<std::string> kFullImageUnloggedCells = {"shop.evolving {\"id\":2} extra",
                                                       "shop.evolving {\"id\":3} extra"};

// ---------------------------------------------------------------------------------------------

struct E2eRun {
    std::unique_ptr<MariadbServer> db;
    std::unique_ptr<MockKafkaProcess> kafka;
    RunSettings settings;
    std::string end_file;  // SHOW MASTER STATUS and @@gtid_binlog_pos before the daemon ran
    std::uint64_t end_pos = 0;
    std::string end_gtid;
    ProcessResult result;
    std::vector<std::string> topics;
    std::map<std::string, std::vector<kafka::Record>> records;  // by topic
};

std::string topic_of(const std::string& table) {
    return "e2e.shop." + table;
}

constexpr std::string_view kMinimalMetadata = "-minimal-metadata";

// "FULL", "MINIMAL", "NOBLOB": the binlog_row_image, with binlog_row_metadata=FULL; a
// kMinimalMetadata suffix: binlog_row_metadata=MINIMAL.
E2eRun& run_for(const std::string& param) {
    static std::map<std::string, std::unique_ptr<E2eRun>> runs;
    auto& slot = runs[param];
    if (slot) return *slot;
    const bool minimal_metadata = param.ends_with(kMinimalMetadata);
    const std::string image =
        minimal_metadata ? param.substr(0, param.size() - kMinimalMetadata.size()) : param;
    auto r = std::make_unique<E2eRun>();
    r->db = std::make_unique<MariadbServer>(std::vector<std::string>{
        std::string("--binlog-row-metadata=") + (minimal_metadata ? "MINIMAL" : "FULL"),
        "--binlog-row-image=" + image, "--max-allowed-packet=64M"});
    r->db->sql(kWorkload);
    const auto status = r->db->sql_rows("SHOW MASTER STATUS");
    r->end_file = status.at(0).at(0);
    r->end_pos = std::stoull(status.at(0).at(1));
    r->end_gtid = r->db->sql_rows("SELECT @@gtid_binlog_pos").at(0).at(0);
    // 50k messages on 4 partitions would come close to the mock's ~5 MiB per partition.
    r->kafka = std::make_unique<MockKafkaProcess>(
        std::vector<std::string>{"--topic", topic_of("bulk") + ":16"});
    r->settings.name = "e2e";
    r->settings.include = {"shop.*"};
    r->settings.exclude = kExclude;
    r->settings.exclude_columns = kExcludeColumns;
    const auto cfg = write_run_config(*r->db, *r->kafka, r->settings, r->db->dir());
    r->result = run_until_caught_up(cfg);
    r->topics = r->kafka->topics();
    for (const auto& t : r->topics)
        r->records[t] = r->kafka->read_all(t);
    slot = std::move(r);
    return *slot;
}

class RunE2e : public ::testing::TestWithParam<const char*> {
  protected:
    E2eRun& run() { return run_for(GetParam()); }
    // The binlog_row_image of this run.
    std::string image() const {
        const std::string p = GetParam();
        return p.ends_with(kMinimalMetadata) ? p.substr(0, p.size() - kMinimalMetadata.size()) : p;
    }
};

std::string key_text(const TableSnapshot& s, const std::vector<Cell>& row) {
    std::string k;
    for (const auto i : s.primary_key)
        k += s.columns[i].name + "=" + show(row[i]) + " ";
    return k;
}

struct Comparison {
    std::size_t rows = 0;
    std::size_t cells = 0;
    std::set<std::string> unlogged;  // "db.table KEY column"
    std::vector<std::string> mismatches;
};

// Compares the materialized table with the server's rows: every value the messages carry must
// be the server's; a cell the messages never carried is recorded in `unlogged`.
void compare_table(const TableSnapshot& s, const MaterializedTable& m,
                   const std::set<std::string>& skip_columns, Comparison& out) {
    const std::string name = s.db + "." + s.table;
    auto render_row = [&](const json& row, std::vector<std::optional<Cell>>& cells) {
        cells.assign(s.columns.size(), std::nullopt);  // outer nullopt: not logged
        for (const auto& [col, v] : row.items()) {
            const auto i = s.column_index(col);
            if (i == std::string::npos) {
                out.mismatches.push_back(name + ": the messages carry column " + col +
                                         ", which the table does not have");
                continue;
            }
            cells[i] = render_json_cell(s.columns[i], v);
        }
    };

    if (s.primary_key.empty()) {
        // A multiset of rows.
        std::vector<std::string> expected;
        std::vector<std::string> actual;
        for (const auto& row : s.rows) {
            std::string t;
            for (std::size_t i = 0; i < row.size(); ++i)
                if (skip_columns.count(s.columns[i].name) == 0) t += show(row[i]) + " | ";
            expected.push_back(t);
        }
        for (const auto& row : m.keyless_rows) {
            std::vector<std::optional<Cell>> cells;
            render_row(row, cells);
            std::string t;
            for (std::size_t i = 0; i < cells.size(); ++i) {
                if (skip_columns.count(s.columns[i].name) != 0) continue;
                t += cells[i] ? show(*cells[i]) + " | " : "(not logged) | ";
            }
            actual.push_back(t);
        }
        std::sort(expected.begin(), expected.end());
        std::sort(actual.begin(), actual.end());
        out.rows += expected.size();
        out.cells += expected.size() * s.columns.size();
        if (expected != actual) {
            std::string msg = name + " (no primary key): rows differ\n  server:\n";
            for (const auto& e : expected)
                msg += "    " + e + "\n";
            msg += "  messages:\n";
            for (const auto& a : actual)
                msg += "    " + a + "\n";
            out.mismatches.push_back(msg);
        }
        return;
    }

    // Keyed: the materialized key (rendered like the server's key columns) -> row.
    std::map<std::string, std::vector<std::optional<Cell>>> actual;
    std::map<std::string, std::string> actual_key_json;
    for (const auto& [key, row] : m.rows) {
        const json& key_obj = m.keys.at(key);
        std::vector<Cell> key_row(s.columns.size());
        for (const auto i : s.primary_key) {
            if (!key_obj.contains(s.columns[i].name)) {
                out.mismatches.push_back(name + ": key " + key + " lacks " + s.columns[i].name);
                continue;
            }
            key_row[i] = render_json_cell(s.columns[i], key_obj[s.columns[i].name]);
        }
        const std::string k = key_text(s, key_row);
        render_row(row, actual[k]);
        actual_key_json[k] = key;
    }
    for (const auto& row : s.rows) {
        const std::string k = key_text(s, row);
        ++out.rows;
        const auto it = actual.find(k);
        if (it == actual.end()) {
            out.mismatches.push_back(name + ": row " + k + "is on the server, not in the messages");
            continue;
        }
        for (std::size_t i = 0; i < s.columns.size(); ++i) {
            const std::string& col = s.columns[i].name;
            if (skip_columns.count(col) != 0) continue;
            ++out.cells;
            if (!it->second[i]) {
                out.unlogged.insert(name + " " + actual_key_json[k] + " " + col);
                continue;
            }
            if (*it->second[i] != row[i]) {
                out.mismatches.push_back(name + ": row " + k + "column " + col + ": server " +
                                         show(row[i]) + ", messages " + show(*it->second[i]));
            }
        }
        actual.erase(it);
    }
    for (const auto& [k, cells] : actual) {
        (void)cells;
        out.mismatches.push_back(name + ": row " + k +
                                 "is in the messages, not on the server (key " +
                                 actual_key_json[k] + ")");
    }
}

std::string all_text(const std::vector<std::string>& lines, std::size_t max = 40) {
    std::string s;
    for (std::size_t i = 0; i < lines.size() && i < max; ++i)
        s += lines[i] + "\n";
    if (lines.size() > max) s += "… (" + std::to_string(lines.size() - max) + " more)\n";
    return s;
}

// ---------------------------------------------------------------------------------------------

TEST_P(RunE2e, ExitsZeroAndCheckpointsTheServersEnd) {
    E2eRun& r = run();
    ASSERT_EQ(r.result.status, 0) << r.result.describe();

    std::ifstream in(checkpoint_path(r.settings, r.db->dir()));
    ASSERT_TRUE(in) << "no checkpoint file at " << checkpoint_path(r.settings, r.db->dir());
    const json cp = json::parse(in, nullptr, false);
    ASSERT_TRUE(cp.is_object()) << "the checkpoint is not a JSON object";
    EXPECT_EQ(cp.value("flavor", ""), "mariadb") << cp.dump();
    EXPECT_TRUE(cp.contains("server_uuid") && cp["server_uuid"].is_null()) << cp.dump();
    EXPECT_EQ(cp.value("file", ""), r.end_file) << cp.dump();
    EXPECT_EQ(cp.value("pos", std::uint64_t{0}), r.end_pos) << cp.dump();
    EXPECT_EQ(cp.value("gtid_set", ""), r.end_gtid) << cp.dump();
    EXPECT_GT(cp.value("ts_ms", std::uint64_t{0}), 0u) << cp.dump();
    EXPECT_TRUE(cp.contains("schema")) << cp.dump();
}

TEST_P(RunE2e, TopicsAreTheCapturedTablesAndSchemaChanges) {
    E2eRun& r = run();
    ASSERT_EQ(r.result.status, 0) << r.result.describe();
    std::vector<std::string> expected{"e2e.schema-changes"};
    for (const auto& t : list_tables(*r.db, "shop"))
        if (t.rfind("excluded_", 0) != 0) expected.push_back(topic_of(t));
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(r.topics, expected);
    EXPECT_TRUE(std::find(r.topics.begin(), r.topics.end(), topic_of("excluded_audit")) ==
                r.topics.end())
        << "the excluded table has a topic";
}

TEST_P(RunE2e, EveryTableMaterializesToItsSelect) {
    E2eRun& r = run();
    ASSERT_EQ(r.result.status, 0) << r.result.describe();
    Comparison cmp;
    std::vector<std::string> problems;
    std::map<std::string, TableSnapshot> snapshots;
    for (const auto& t : list_tables(*r.db, "shop")) {
        if (t.rfind("excluded_", 0) == 0) continue;
        const auto it = r.records.find(topic_of(t));
        if (it == r.records.end()) {
            cmp.mismatches.push_back("no topic for shop." + t);
            continue;
        }
        const MaterializedTable m = materialize_debezium(it->second);
        if (!m.problems.empty()) problems.push_back("shop." + t + ": " + m.problems_text());
        const std::set<std::string> skip =
            t == "customers" ? std::set<std::string>{"secret"} : std::set<std::string>{};
        snapshots[t] = snapshot_table(*r.db, "shop", t);
        compare_table(snapshots[t], m, skip, cmp);
    }
    EXPECT_TRUE(problems.empty()) << all_text(problems);
    EXPECT_TRUE(cmp.mismatches.empty()) << cmp.mismatches.size() << " mismatch(es):\n"
                                        << all_text(cmp.mismatches);
    EXPECT_GT(cmp.rows, static_cast<std::size_t>(kBulkRows) - 10);
    std::printf("%s images: compared %zu rows, %zu cells\n", GetParam(), cmp.rows, cmp.cells);

    std::vector<std::string> unlogged(cmp.unlogged.begin(), cmp.unlogged.end());
    if (image() == "FULL") {
        EXPECT_EQ(cmp.unlogged, kFullImageUnloggedCells)
            << "with FULL images every cell is logged except columns added by DDL to rows "
               "untouched since:\n"
            << all_text(unlogged);
        return;
    }
    // The documented exception: counted and shown, not compared.
    std::map<std::string, std::size_t> per_column;
    for (const auto& u : unlogged) {
        const auto sp = u.find(' ');
        per_column[u.substr(0, sp) + "." + u.substr(u.rfind(' ') + 1)]++;
    }
    std::string summary;
    for (const auto& [c, n] : per_column)
        summary += "  " + c + ": " + std::to_string(n) + "\n";
    std::printf("%s images: %zu of %zu cells never logged by the server:\n%s", GetParam(),
                unlogged.size(), cmp.cells, summary.c_str());
    EXPECT_LT(unlogged.size(), cmp.cells / 10) << all_text(unlogged);
    if (image() == "MINIMAL") {
        // A PK change under MINIMAL logs only the key: the moved rows' other columns at least.
        EXPECT_TRUE(cmp.unlogged.count("shop.orders {\"id\":102} customer") != 0)
            << all_text(unlogged);
    } else {
        // NOBLOB leaves out only BLOB/TEXT-family columns (and what FULL leaves out).
        static const std::set<std::string> kBlobTypes = {
            "tinyblob",   "blob",     "mediumblob", "longblob", "tinytext",   "text",
            "mediumtext", "longtext", "geometry",   "point",    "linestring", "polygon"};
        for (const auto& u : unlogged) {
            if (kFullImageUnloggedCells.count(u) != 0) continue;
            const std::string table = u.substr(5, u.find(' ') - 5);  // after "shop."
            const std::string column = u.substr(u.rfind(' ') + 1);
            const TableSnapshot& snap = snapshots.at(table);
            EXPECT_EQ(kBlobTypes.count(snap.columns[snap.column_index(column)].data_type), 1u)
                << "NOBLOB did not log a non-BLOB column: " << u;
        }
    }
}

// The comparison itself: one changed cell, one missing row, one extra row are each reported.
TEST_P(RunE2e, ComparisonReportsEveryDifference) {
    E2eRun& r = run();
    ASSERT_EQ(r.result.status, 0) << r.result.describe();
    const MaterializedTable m = materialize_debezium(r.records.at(topic_of("orders")));
    TableSnapshot s = snapshot_table(*r.db, "shop", "orders");
    ASSERT_GE(s.rows.size(), 3u);
    Comparison same;
    compare_table(s, m, {}, same);
    ASSERT_TRUE(same.mismatches.empty()) << all_text(same.mismatches);

    s.rows[0][s.column_index("amount")] = "123.45";
    s.rows.pop_back();
    auto extra = s.rows[0];
    extra[s.column_index("id")] = "77777";
    s.rows.push_back(extra);
    Comparison cmp;
    compare_table(s, m, {}, cmp);
    EXPECT_EQ(cmp.mismatches.size(), 3u) << all_text(cmp.mismatches);
}

TEST_P(RunE2e, RolledBackAndExcludedRowsNeverPublished) {
    E2eRun& r = run();
    ASSERT_EQ(r.result.status, 0) << r.result.describe();
    std::size_t xa_committed = 0;
    std::size_t xa_one_phase = 0;
    std::size_t nontx = 0;
    for (const auto& [topic, recs] : r.records) {
        for (const auto& rec : recs) {
            const std::string v = rec.value.value_or("");
            const std::string where = topic + " offset " + std::to_string(rec.offset) +
                                      " partition " + std::to_string(rec.partition) + ": " +
                                      v.substr(0, 300);
            if (topic != "e2e.schema-changes") {
                EXPECT_EQ(v.find(kRolledBackMarker), std::string::npos)
                    << "a rolled-back row was published: " << where;
                EXPECT_EQ(v.find(kXaRolledBackMarker), std::string::npos)
                    << "an XA ROLLBACK'd row was published: " << where;
                EXPECT_EQ(v.find(kExcludedTableMarker), std::string::npos)
                    << "a row of the excluded table was published: " << where;
            }
            EXPECT_EQ(v.find(kSecretMarker), std::string::npos)
                << "the excluded column's value was published: " << where;
            if (v.find("\"xa-committed\"") != std::string::npos) ++xa_committed;
            if (v.find("\"xa-one-phase\"") != std::string::npos) ++xa_one_phase;
            if (v.find("kept although rolled back") != std::string::npos) ++nontx;
        }
    }
    EXPECT_EQ(xa_committed, 1u) << "the XA COMMIT'd insert";
    EXPECT_EQ(xa_one_phase, 1u) << "the XA COMMIT ONE PHASE insert";
    EXPECT_EQ(nontx, 1u) << "the MyISAM row of a rolled-back transaction did happen";

    // The XA ROLLBACK'd transaction also updated id 6 and deleted id 102: neither published.
    const auto& orders = r.records.at(topic_of("orders"));
    for (const auto& rec : orders) {
        if (rec.key && *rec.key == "{\"id\":102}" && rec.value) {
            EXPECT_EQ(rec.value->find("\"op\":\"d\""), std::string::npos)
                << "the XA ROLLBACK'd delete of id 102 was published: " << *rec.value;
        }
    }
}

TEST_P(RunE2e, ExcludedColumnNeverAppears) {
    E2eRun& r = run();
    ASSERT_EQ(r.result.status, 0) << r.result.describe();
    const auto& recs = r.records.at(topic_of("customers"));
    ASSERT_FALSE(recs.empty());
    std::size_t with_email = 0;
    for (const auto& rec : recs) {
        if (!rec.value) continue;
        const json v = json::parse(*rec.value);
        for (const char* image : {"before", "after"}) {
            if (!v[image].is_object()) continue;
            EXPECT_FALSE(v[image].contains("secret")) << *rec.value;
            if (v[image].contains("email")) ++with_email;
        }
    }
    EXPECT_GT(with_email, 0u) << "the other columns must still be there";
}

TEST_P(RunE2e, KeylessTableOnePartitionNullKeysNoTombstones) {
    E2eRun& r = run();
    ASSERT_EQ(r.result.status, 0) << r.result.describe();
    const auto& recs = r.records.at(topic_of("nopk"));
    // 5 inserts, 1 update, 2 deletes.
    ASSERT_EQ(recs.size(), 8u);
    std::set<std::int32_t> partitions;
    for (const auto& rec : recs) {
        partitions.insert(rec.partition);
        EXPECT_FALSE(rec.key.has_value()) << "key " << *rec.key;
        EXPECT_TRUE(rec.value.has_value()) << "a tombstone at offset " << rec.offset;
    }
    EXPECT_EQ(partitions.size(), 1u);
    const MaterializedTable m = materialize_debezium(recs);
    EXPECT_TRUE(m.keyless);
    EXPECT_EQ(m.deletes, 2u);
    EXPECT_EQ(m.tombstones, 0u);
}

// The messages of one key, in partition order (value "tombstone" for a null value, else op).
std::vector<std::string> ops_of(const std::vector<kafka::Record>& recs, const std::string& key) {
    std::vector<std::string> ops;
    for (const auto& rec : recs) {
        if (!rec.key || *rec.key != key) continue;
        ops.push_back(rec.value ? json::parse(*rec.value).value("op", "?") : "tombstone");
    }
    return ops;
}

TEST_P(RunE2e, PrimaryKeyChangeIsDeleteTombstoneThenCreate) {
    E2eRun& r = run();
    ASSERT_EQ(r.result.status, 0) << r.result.describe();
    const auto& orders = r.records.at(topic_of("orders"));
    using V = std::vector<std::string>;
    EXPECT_EQ(ops_of(orders, "{\"id\":2}"), (V{"c", "d", "tombstone"}));
    EXPECT_EQ(ops_of(orders, "{\"id\":102}"), (V{"c"}));
    EXPECT_EQ(ops_of(orders, "{\"id\":3}"), (V{"c", "d", "tombstone"}));
    EXPECT_EQ(ops_of(orders, "{\"id\":103}"), (V{"c"}));
    // id 5: deleted in a transaction, later the target of id 4's move.
    EXPECT_EQ(ops_of(orders, "{\"id\":5}"), (V{"c", "d", "tombstone", "c"}));
    EXPECT_EQ(ops_of(orders, "{\"id\":4}"), (V{"c", "d", "tombstone"}));
    const auto& lines = r.records.at(topic_of("order_lines"));
    EXPECT_EQ(ops_of(lines, "{\"order_id\":6,\"line_no\":1}"), (V{"c", "d", "tombstone"}));
    EXPECT_EQ(ops_of(lines, "{\"order_id\":7,\"line_no\":3}"), (V{"c"}));
    EXPECT_EQ(ops_of(lines, "{\"order_id\":1,\"line_no\":1}"), (V{"c"}));
    // The create of the new key carries the new key in its after image.
    for (const auto& rec : orders) {
        if (rec.key && *rec.key == "{\"id\":102}" && rec.value) {
            const json v = json::parse(*rec.value);
            EXPECT_TRUE(v["before"].is_null()) << *rec.value;
            EXPECT_EQ(v["after"]["id"], 102) << *rec.value;
        }
    }
}

TEST_P(RunE2e, DdlGoesToSchemaChanges) {
    E2eRun& r = run();
    ASSERT_EQ(r.result.status, 0) << r.result.describe();
    const auto it = r.records.find("e2e.schema-changes");
    ASSERT_NE(it, r.records.end()) << "no e2e.schema-changes topic";
    bool alter = false;
    bool create_orders = false;
    for (const auto& rec : it->second) {
        ASSERT_TRUE(rec.value.has_value());
        const json v = json::parse(*rec.value, nullptr, false);
        ASSERT_TRUE(v.is_object()) << *rec.value;
        EXPECT_EQ(v.value("op", ""), "ddl") << *rec.value;
        EXPECT_TRUE(v.contains("db") && v.contains("table") && v.contains("ddl") &&
                    v["source"].is_object())
            << *rec.value;
        const std::string ddl = v.value("ddl", "");
        if (ddl.find("ALTER TABLE shop.evolving ADD COLUMN extra") != std::string::npos) {
            alter = true;
            EXPECT_EQ(v["db"], "shop") << *rec.value;
            EXPECT_EQ(v["table"], "evolving") << *rec.value;
            EXPECT_EQ(v["source"].value("db", ""), "shop") << *rec.value;
        }
        if (ddl.find("CREATE TABLE shop.orders") != std::string::npos) create_orders = true;
        // docs/decisions.md: DDL of excluded tables is not published.
        EXPECT_EQ(ddl.find("excluded_audit"), std::string::npos) << *rec.value;
    }
    EXPECT_TRUE(alter) << "the ALTER TABLE is not in e2e.schema-changes";
    EXPECT_TRUE(create_orders) << "the CREATE TABLE shop.orders is not in e2e.schema-changes";

    // Rows written after the ALTER carry the new column.
    bool row4 = false;
    for (const auto& rec : r.records.at(topic_of("evolving"))) {
        if (rec.key && *rec.key == "{\"id\":4}" && rec.value) {
            const json v = json::parse(*rec.value);
            EXPECT_EQ(v["after"]["extra"], 8) << *rec.value;
            row4 = true;
        }
    }
    EXPECT_TRUE(row4);
}

TEST_P(RunE2e, BulkTransactionDeliveredWhole) {
    E2eRun& r = run();
    ASSERT_EQ(r.result.status, 0) << r.result.describe();
    const auto& recs = r.records.at(topic_of("bulk"));
    const MaterializedTable m = materialize_debezium(recs);
    EXPECT_EQ(m.creates, static_cast<std::size_t>(kBulkRows));
    EXPECT_EQ(m.updates, static_cast<std::size_t>(kBulkRows / 5000));
    EXPECT_EQ(m.deletes, static_cast<std::size_t>(kBulkRows / 10000));
    EXPECT_EQ(m.tombstones, m.deletes);
    EXPECT_EQ(m.rows.size(), static_cast<std::size_t>(kBulkRows - kBulkRows / 10000));
}

TEST_P(RunE2e, RowImageIsNamedInSource) {
    E2eRun& r = run();
    ASSERT_EQ(r.result.status, 0) << r.result.describe();
    std::map<std::string, std::size_t> row_images;  // source.row_image -> messages
    for (const auto& table : {"orders", "types"}) {
        for (const auto& rec : r.records.at(topic_of(table))) {
            if (!rec.value) continue;
            const json v = json::parse(*rec.value);
            row_images[v["source"].value("row_image", "(absent)")]++;
        }
    }
    std::string seen;
    for (const auto& [k, n] : row_images)
        seen += k + ": " + std::to_string(n) + "\n";
    if (image() == "FULL") {
        EXPECT_EQ(row_images.size(), 1u) << seen;
        EXPECT_EQ(row_images.count("(absent)"), 1u) << seen;
    } else {
        std::string name = image();
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        EXPECT_GT(row_images[name], 0u) << "source.row_image must say " << name << "\n" << seen;
    }
}

// An update of one column of a composite primary key: with MINIMAL images the after image
// logs only the changed column, so the new key's other columns must come from the before image
// (docs/message-formats.md: "falling back to the before image for key columns a MINIMAL after
// image left out"). Runs on the shared server, in a database of its own, after the main run
// (which captures shop.* only).
TEST_P(RunE2e, CompositeKeyChangeOfOneColumn) {
    E2eRun& r = run();
    r.db->sql(
        "CREATE DATABASE pkx;"
        "CREATE TABLE pkx.lines (order_id INT, line_no INT, sku VARCHAR(20),"
        "  PRIMARY KEY (order_id, line_no)) ENGINE=InnoDB;"
        "INSERT INTO pkx.lines VALUES (1, 1, 'a'), (1, 2, 'b'), (2, 1, 'c');"
        "UPDATE pkx.lines SET line_no = line_no + 10 WHERE order_id = 1;");
    RunSettings s;
    s.name = "pkx";
    s.include = {"pkx.*"};
    s.server_id = 4343;
    const auto result = run_until_caught_up(write_run_config(*r.db, *r.kafka, s, r.db->dir()));
    ASSERT_EQ(result.status, 0) << result.describe();
    const auto recs = r.kafka->read_all("pkx.pkx.lines");
    using V = std::vector<std::string>;
    EXPECT_EQ(ops_of(recs, "{\"order_id\":1,\"line_no\":1}"), (V{"c", "d", "tombstone"}));
    EXPECT_EQ(ops_of(recs, "{\"order_id\":1,\"line_no\":11}"), (V{"c"}));
    EXPECT_EQ(ops_of(recs, "{\"order_id\":1,\"line_no\":12}"), (V{"c"}));
    const MaterializedTable m = materialize_debezium(recs);
    EXPECT_TRUE(m.problems.empty()) << m.problems_text();
    Comparison cmp;
    compare_table(snapshot_table(*r.db, "pkx", "lines"), m, {}, cmp);
    EXPECT_TRUE(cmp.mismatches.empty()) << all_text(cmp.mismatches);
}

INSTANTIATE_TEST_SUITE_P(RowImage, RunE2e,
                         ::testing::Values("FULL", "MINIMAL", "NOBLOB", "FULL-minimal-metadata"),
                         [](const auto& p) {
                             std::string name = p.param;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

}  // namespace
}  // namespace b2k::test
