#include "config/topic_template.h"

#include <gtest/gtest.h>

namespace b2k::config {
namespace {

using Scope = TopicTemplate::Scope;

TEST(TopicTemplate, Expands) {
    auto t = TopicTemplate::parse("{name}.{db}.{table}", Scope::table).value();
    EXPECT_EQ(t.expand("prod", "shop", "items"), "prod.shop.items");
    auto s = TopicTemplate::parse("{name}.checkpoints", Scope::source).value();
    EXPECT_EQ(s.expand("prod"), "prod.checkpoints");
    auto fixed = TopicTemplate::parse("all-changes", Scope::table).value();
    EXPECT_EQ(fixed.expand("prod", "a", "b"), "all-changes");
}

TEST(TopicTemplate, IllegalCharactersOfNamesBecomeUnderscores) {
    auto t = TopicTemplate::parse("{name}.{db}.{table}", Scope::table).value();
    EXPECT_EQ(t.expand("prod", "my db", "t$1/é"), "prod.my_db.t_1___");
}

TEST(TopicTemplate, CutToKafkasLimit) {
    auto t = TopicTemplate::parse("{table}", Scope::table).value();
    EXPECT_EQ(t.expand("p", "d", std::string(300, 'x')).size(), 249u);
}

TEST(TopicTemplate, Errors) {
    auto expect_error = [](std::string_view text, Scope scope, std::string_view message) {
        auto r = TopicTemplate::parse(text, scope);
        ASSERT_FALSE(r) << text;
        EXPECT_EQ(r.error().message, message);
    };
    expect_error("{name}.{schema}", Scope::table,
                 "has the unknown placeholder {schema} (allowed: {name}, {db}, {table})");
    expect_error("{name}.{table}", Scope::source,
                 "has the unknown placeholder {table} (allowed: {name})");
    expect_error("{name", Scope::table,
                 "has a '{' without a closing '}' (placeholders: {name}, {db}, {table})");
    expect_error("name}", Scope::table, "has a '}' without an opening '{'");
    expect_error("a b", Scope::table,
                 "has the character ' ', which Kafka does not allow in a topic name (allowed: "
                 "letters, digits, '.', '_', '-')");
    expect_error("", Scope::table, "is empty; a topic name is needed");
    expect_error(std::string(250, 'x'), Scope::table,
                 "is longer than Kafka's limit of 249 characters");
}

}  // namespace
}  // namespace b2k::config
