#include "schema/file_schema_history.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "schema/ddl_interpreter.h"

namespace b2k::schema {
namespace {

namespace fs = std::filesystem;

class History : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = fs::temp_directory_path() / ("b2k-hist-" + std::to_string(::getpid()) + ".jsonl");
        fs::remove(path_);
    }
    void TearDown() override { fs::remove(path_); }
    fs::path path_;
};

TEST_F(History, AppendsAndLoadsVersions) {
    FileSchemaHistory h(path_.string());
    EXPECT_EQ(h.highest().value(), 0u);
    EXPECT_FALSE(h.load(1).value().has_value());
    SchemaCatalog cat;
    ASSERT_EQ(apply_ddl(cat, "d", "CREATE TABLE t (id INT PRIMARY KEY, e ENUM('a','b'))").kind,
              DdlKind::applied);
    ASSERT_TRUE(h.append({1, "", 0, "(start)", cat}));
    ASSERT_EQ(apply_ddl(cat, "d", "ALTER TABLE t ADD c VARCHAR(3)").kind, DdlKind::applied);
    ASSERT_TRUE(h.append({2, "mysql-bin.000001", 900, "ALTER TABLE t ADD c VARCHAR(3)", cat}));
    EXPECT_EQ(h.highest().value(), 2u);
    const auto v1 = h.load(1).value();
    ASSERT_TRUE(v1.has_value());
    EXPECT_EQ(v1->catalog.find("d", "t")->columns.size(), 2u);
    const auto v2 = h.load(2).value();
    ASSERT_TRUE(v2.has_value());
    EXPECT_EQ(v2->catalog, cat);
    EXPECT_EQ(v2->pos, 900u);
}

TEST_F(History, ATornLastLineIsIgnoredButCorruptionIsNot) {
    FileSchemaHistory h(path_.string());
    ASSERT_TRUE(h.append({1, "", 0, "(start)", {}}));
    std::ofstream(path_, std::ios::app) << "{\"version\":2,\"file\":\"mysql-b";  // crash mid-write
    EXPECT_EQ(h.highest().value(), 1u);
    std::ofstream(path_, std::ios::app) << "\n{\"version\":3}\n";
    auto r = h.highest();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::corrupt));
    EXPECT_NE(r.error().message.find("line 2"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace b2k::schema
