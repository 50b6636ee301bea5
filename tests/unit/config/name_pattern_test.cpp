#include "config/name_pattern.h"

#include <gtest/gtest.h>

#include "config/filter_config.h"

namespace b2k::config {
namespace {

NamePattern table(std::string_view text) {
    auto p = NamePattern::parse_table(text);
    if (!p) ADD_FAILURE() << text << ": " << p.error().message;
    return p ? std::move(p).value() : NamePattern{};
}

NamePattern column(std::string_view text) {
    auto p = NamePattern::parse_column(text);
    if (!p) ADD_FAILURE() << text << ": " << p.error().message;
    return p ? std::move(p).value() : NamePattern{};
}

TEST(NamePattern, LiteralAndWildcards) {
    EXPECT_TRUE(table("shop.items").matches("shop", "items"));
    EXPECT_FALSE(table("shop.items").matches("shop", "items2"));
    EXPECT_TRUE(table("shop.*").matches("shop", "anything"));
    EXPECT_TRUE(table("shop.*").matches("shop", ""));
    EXPECT_FALSE(table("shop.*").matches("shop2", "x"));
    EXPECT_TRUE(table("*.*").matches("a", "b"));
    EXPECT_TRUE(table("s?op.tmp_*").matches("shop", "tmp_1"));
    EXPECT_FALSE(table("s?op.tmp_*").matches("sop", "tmp_1"));
    EXPECT_TRUE(table("a.*b*c*").matches("a", "xxbyyczz"));
    EXPECT_FALSE(table("a.*b*c").matches("a", "xxbyyczz"));
    EXPECT_TRUE(table("a.**").matches("a", "q"));
}

TEST(NamePattern, TableNamesAreCaseSensitiveColumnsAreNot) {
    EXPECT_FALSE(table("shop.Items").matches("shop", "items"));
    EXPECT_TRUE(column("shop.users.Password_*").matches("shop", "users", "PASSWORD_hash"));
    EXPECT_FALSE(column("shop.users.x").matches("SHOP", "users", "x"));
}

TEST(NamePattern, EscapesMakeCharactersLiteral) {
    NamePattern p = table("my\\.db.t\\*");
    EXPECT_TRUE(p.matches("my.db", "t*"));
    EXPECT_FALSE(p.matches("my.db", "tx"));
    EXPECT_TRUE(p.names_database_literally());
    EXPECT_FALSE(table("m?.t").names_database_literally());
}

TEST(NamePattern, ArityIsKept) {
    EXPECT_FALSE(table("a.b").matches("a", "b", "c"));
    EXPECT_FALSE(column("a.b.c").matches("a", "b"));
    EXPECT_TRUE(column("a.b.c").is_column_pattern());
}

TEST(NamePattern, SyntaxErrors) {
    EXPECT_FALSE(NamePattern::parse_table("shop"));
    EXPECT_FALSE(NamePattern::parse_table("a.b.c"));
    EXPECT_FALSE(NamePattern::parse_table(".b"));
    EXPECT_FALSE(NamePattern::parse_table("a."));
    EXPECT_FALSE(NamePattern::parse_table("a.b\\"));
    EXPECT_FALSE(NamePattern::parse_column("a.b"));
    EXPECT_FALSE(NamePattern::parse_column("a..c"));
    auto r = NamePattern::parse_table("a.b.c");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "has 3 parts, expected db.table (write '\\.' for a literal dot)");
}

TEST(FilterConfig, IncludeExcludeAndSystemSchemas) {
    FilterConfig f;
    EXPECT_TRUE(f.captures("shop", "items"));
    EXPECT_FALSE(f.captures("mysql", "rds_heartbeat2"));
    f.include = {table("*.*")};
    EXPECT_TRUE(f.captures("shop", "items"));
    EXPECT_FALSE(f.captures("mysql", "user"));
    f.include = {table("shop.*"), table("mysql.rds_*")};
    f.exclude = {table("shop.tmp_*")};
    EXPECT_TRUE(f.captures("shop", "items"));
    EXPECT_FALSE(f.captures("shop", "tmp_1"));
    EXPECT_FALSE(f.captures("crm", "x"));
    EXPECT_TRUE(f.captures("mysql", "rds_heartbeat2"));
    f.exclude_columns = {column("shop.*.secret")};
    EXPECT_TRUE(f.drops_column("shop", "users", "secret"));
    EXPECT_FALSE(f.drops_column("crm", "users", "secret"));
}

}  // namespace
}  // namespace b2k::config
