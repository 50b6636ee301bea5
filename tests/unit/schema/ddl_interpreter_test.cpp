#include "schema/ddl_interpreter.h"

#include <gtest/gtest.h>

namespace b2k::schema {
namespace {

std::vector<std::string> names(const TableSchema& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns)
        out.push_back(c.name);
    return out;
}

class Ddl : public ::testing::Test {
  protected:
    DdlOutcome apply(std::string_view sql, std::string_view db = "shop") {
        return apply_ddl(cat, db, sql, opts);
    }
    const TableSchema& table(std::string_view db, std::string_view t) {
        const TableSchema* p = cat.find(db, t);
        if (p == nullptr)
            throw std::runtime_error("no table " + std::string(db) + "." + std::string(t));
        return *p;
    }
    SchemaCatalog cat;
    DdlOptions opts{"latin1", false};
};

TEST_F(Ddl, CreateTableWithEveryKindOfColumn) {
    ASSERT_EQ(apply("CREATE DATABASE shop DEFAULT CHARACTER SET utf8mb4").kind, DdlKind::applied);
    const auto o = apply(R"sql(
        CREATE TABLE `shop`.`items` (
          id INT UNSIGNED NOT NULL AUTO_INCREMENT,
          `na``me` VARCHAR(100) CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT 'x,y',
          price DECIMAL(10,2) DEFAULT '0.00' COMMENT 'a comment, with (parens)',
          qty SMALLINT(5) ZEROFILL,
          kind ENUM('a','b''c','d,e') NOT NULL DEFAULT 'a',
          flags SET('x','y'),
          born DATE, seen DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
          t TIME(2), ts TIMESTAMP NULL DEFAULT NULL,
          doc JSON, bits BIT(12), bin BINARY(4), vb VARBINARY(10), b BLOB, txt TEXT,
          total DECIMAL(12,2) GENERATED ALWAYS AS (price * qty) VIRTUAL,
          hidden INT INVISIBLE,
          u UUID, ip INET6,
          PRIMARY KEY (id),
          KEY idx_name (`na``me`(10)),
          CONSTRAINT fk FOREIGN KEY (qty) REFERENCES other (id) ON DELETE CASCADE,
          CHECK (price >= 0)
        ) ENGINE=InnoDB /*!50100 PARTITION BY HASH (id) */ DEFAULT CHARSET=utf8mb4
    )sql");
    ASSERT_EQ(o.kind, DdlKind::applied) << o.message;
    const auto& t = table("shop", "items");
    EXPECT_EQ(names(t),
              (std::vector<std::string>{"id",   "na`me", "price", "qty",    "kind", "flags", "born",
                                        "seen", "t",     "ts",    "doc",    "bits", "bin",   "vb",
                                        "b",    "txt",   "total", "hidden", "u",    "ip"}));
    EXPECT_EQ(t.primary_key, std::vector<std::string>{"id"});
    EXPECT_EQ(t.charset, "utf8mb4");
    EXPECT_TRUE(t.columns[0].is_unsigned);
    EXPECT_EQ(t.columns[1].charset, "latin1");
    EXPECT_EQ(t.columns[1].length, 100u);
    EXPECT_EQ(t.columns[2].precision, 10u);
    EXPECT_EQ(t.columns[2].scale, 2u);
    EXPECT_TRUE(t.columns[3].is_unsigned);  // ZEROFILL
    EXPECT_EQ(t.columns[4].enum_values, (std::vector<std::string>{"a", "b'c", "d,e"}));
    EXPECT_EQ(t.columns[4].charset, "utf8mb4");  // the table's default
    EXPECT_EQ(t.columns[7].fsp, 3u);
    EXPECT_EQ(t.columns[8].fsp, 2u);
    EXPECT_EQ(t.columns[11].length, 12u);
    EXPECT_EQ(t.columns[12].charset, "binary");
    EXPECT_EQ(t.columns[15].charset, "utf8mb4");
    EXPECT_TRUE(t.columns[17].invisible);
    EXPECT_EQ(t.columns[18].data_type, "uuid");
}

TEST_F(Ddl, DefaultsComeFromDatabaseThenServer) {
    apply("CREATE DATABASE d1 CHARACTER SET = cp1251");
    apply("CREATE TABLE d1.a (s VARCHAR(5))");
    EXPECT_EQ(table("d1", "a").columns[0].charset, "cp1251");
    apply("CREATE TABLE d2.b (s CHAR(3))");  // database created before the binlog starts
    EXPECT_EQ(table("d2", "b").columns[0].charset, "latin1");
    apply("CREATE TABLE c (s TEXT) COLLATE utf8mb4_bin", "d1");
    EXPECT_EQ(table("d1", "c").columns[0].charset, "utf8mb4");
}

TEST_F(Ddl, AlterColumnsAndOrder) {
    apply("CREATE TABLE t (a INT PRIMARY KEY, b INT, c VARCHAR(10))");
    auto o = apply("ALTER TABLE t ADD COLUMN d INT FIRST, ADD e TEXT AFTER a, DROP COLUMN b");
    ASSERT_EQ(o.kind, DdlKind::applied) << o.message;
    EXPECT_EQ(names(table("shop", "t")), (std::vector<std::string>{"d", "a", "e", "c"}));
    o = apply(
        "ALTER TABLE shop.t MODIFY c VARCHAR(20) CHARACTER SET utf8mb4 AFTER d, "
        "CHANGE COLUMN a id BIGINT UNSIGNED, RENAME COLUMN e TO note");
    ASSERT_EQ(o.kind, DdlKind::applied) << o.message;
    const auto& t = table("shop", "t");
    EXPECT_EQ(names(t), (std::vector<std::string>{"d", "c", "id", "note"}));
    EXPECT_EQ(t.columns[1].length, 20u);
    EXPECT_EQ(t.columns[1].charset, "utf8mb4");
    EXPECT_EQ(t.columns[2].data_type, "bigint");
    EXPECT_TRUE(t.columns[2].is_unsigned);
    EXPECT_EQ(t.primary_key, std::vector<std::string>{"id"});  // followed the CHANGE
    o = apply("ALTER TABLE t ADD (x INT, y INT), DROP PRIMARY KEY, ADD PRIMARY KEY (d, x)");
    ASSERT_EQ(o.kind, DdlKind::applied) << o.message;
    EXPECT_EQ(table("shop", "t").primary_key, (std::vector<std::string>{"d", "x"}));
    EXPECT_EQ(names(table("shop", "t")).back(), "y");
}

TEST_F(Ddl, ConvertCharsetAndTableDefault) {
    apply("CREATE TABLE t (a VARCHAR(5) CHARACTER SET latin1, b BLOB, c INT) CHARSET latin1");
    apply("ALTER TABLE t DEFAULT CHARACTER SET utf8mb4");
    EXPECT_EQ(table("shop", "t").columns[0].charset, "latin1");  // existing columns keep theirs
    apply("ALTER TABLE t ADD d TEXT");
    EXPECT_EQ(table("shop", "t").columns[3].charset, "utf8mb4");
    apply("ALTER TABLE t CONVERT TO CHARACTER SET cp1251 COLLATE cp1251_bin");
    EXPECT_EQ(table("shop", "t").columns[0].charset, "cp1251");
    EXPECT_EQ(table("shop", "t").columns[1].charset, "binary");
    EXPECT_FALSE(table("shop", "t").columns[2].charset.has_value());
}

TEST_F(Ddl, RenamesDropsAndRecreate) {
    apply("CREATE TABLE a (x INT)");
    apply("CREATE TABLE b (y INT)");
    // A swap through a third name.
    auto o = apply("RENAME TABLE a TO tmp, b TO a, shop.tmp TO other.b");
    ASSERT_EQ(o.kind, DdlKind::applied) << o.message;
    EXPECT_EQ(names(table("shop", "a")), std::vector<std::string>{"y"});
    EXPECT_EQ(names(table("other", "b")), std::vector<std::string>{"x"});
    EXPECT_EQ(cat.find("shop", "b"), nullptr);
    apply("ALTER TABLE a RENAME TO c");
    EXPECT_NE(cat.find("shop", "c"), nullptr);
    EXPECT_EQ(cat.find("shop", "a"), nullptr);
    apply("DROP TABLE IF EXISTS c, nope");
    EXPECT_EQ(cat.find("shop", "c"), nullptr);
    apply("CREATE TABLE c (p VARCHAR(3), q INT, r INT)");
    EXPECT_EQ(names(table("shop", "c")).size(), 3u);
    apply("DROP DATABASE other");
    EXPECT_EQ(cat.find("other", "b"), nullptr);
}

TEST_F(Ddl, LikeTemporaryIfNotExistsAndSelect) {
    apply("CREATE TABLE a (id INT PRIMARY KEY, s VARCHAR(3))");
    apply("CREATE TABLE IF NOT EXISTS a (other INT)");  // exists: nothing happens
    EXPECT_EQ(names(table("shop", "a")), (std::vector<std::string>{"id", "s"}));
    apply("CREATE TABLE b LIKE a");
    EXPECT_EQ(table("shop", "b").primary_key, std::vector<std::string>{"id"});
    apply("CREATE TEMPORARY TABLE tmp (x INT)");
    EXPECT_EQ(cat.find("shop", "tmp"), nullptr);
    const auto o = apply("CREATE TABLE c (extra INT) AS SELECT * FROM a");
    EXPECT_EQ(o.kind, DdlKind::applied);
    EXPECT_TRUE(o.needs_reread);
}

TEST_F(Ddl, CommentsQuotingAndVersionComments) {
    auto o = apply(
        "/* leading */ CREATE TABLE -- line comment\n `we ird`.`t``1` ( # hash\n"
        " `select` INT /*!80023 INVISIBLE */, b INT /*M!100301 INVISIBLE */ ) ;");
    ASSERT_EQ(o.kind, DdlKind::applied) << o.message;
    const auto& t = table("we ird", "t`1");
    EXPECT_EQ(names(t), (std::vector<std::string>{"select", "b"}));
    EXPECT_TRUE(t.columns[0].invisible);
    EXPECT_TRUE(t.columns[1].invisible);
    opts.ansi_quotes = true;
    o = apply("ALTER TABLE \"we ird\".\"t`1\" ADD \"c\" INT");
    ASSERT_EQ(o.kind, DdlKind::applied) << o.message;
    EXPECT_EQ(names(table("we ird", "t`1")).back(), "c");
}

TEST_F(Ddl, NotSchemaChangesLeaveTheCatalogAlone) {
    apply("CREATE TABLE a (x INT)");
    const SchemaCatalog before = cat;
    for (const char* sql :
         {"INSERT INTO a VALUES (1)", "GRANT SELECT ON *.* TO u", "CREATE VIEW v AS SELECT 1",
          "CREATE INDEX i ON a (x)", "DROP TEMPORARY TABLE IF EXISTS a", "ANALYZE TABLE a",
          "CREATE TRIGGER tr BEFORE INSERT ON a FOR EACH ROW SET @x = 1", "FLUSH TABLES"}) {
        const auto o = apply(sql);
        EXPECT_EQ(o.kind, DdlKind::not_schema_change) << sql;
    }
    EXPECT_EQ(cat, before);
}

TEST_F(Ddl, UnknownChangesAreReportedAndApplyNothing) {
    apply("CREATE TABLE a (x INT)");
    const SchemaCatalog before = cat;
    for (const char* sql : {"ALTER TABLE nope ADD y INT", "ALTER TABLE a DROP COLUMN zz",
                            "ALTER TABLE a ADD COLUMN x INT", "ALTER TABLE a ADD y INT AFTER zz",
                            "CREATE TABLE b LIKE missing", "CREATE TABLE c (s ENUM(1,2))"}) {
        const auto o = apply(sql);
        EXPECT_EQ(o.kind, DdlKind::unknown) << sql;
        EXPECT_FALSE(o.message.empty()) << sql;
    }
    EXPECT_EQ(cat, before);
}

TEST_F(Ddl, CatalogRoundTripsThroughJson) {
    apply("CREATE DATABASE shop CHARACTER SET utf8mb4");
    apply(
        "CREATE TABLE a (id INT UNSIGNED PRIMARY KEY, e ENUM('x','y'), d DECIMAL(5,1), "
        "t DATETIME(6), h INT INVISIBLE)");
    EXPECT_EQ(SchemaCatalog::from_json(cat.to_json()), cat);
}

TEST(CharsetOfCollation, TakesThePrefix) {
    EXPECT_EQ(charset_of_collation("utf8mb4_0900_ai_ci"), "utf8mb4");
    EXPECT_EQ(charset_of_collation("latin1_bin"), "latin1");
    EXPECT_EQ(charset_of_collation("binary"), "binary");
}

}  // namespace
}  // namespace b2k::schema
