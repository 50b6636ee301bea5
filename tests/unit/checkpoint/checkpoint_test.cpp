#include "checkpoint/checkpoint.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace b2k::checkpoint {
namespace {

constexpr std::string_view kDesignExample =
    R"({"flavor": "mysql", "server_uuid": "3e11fa47-71ca-11e1-9e33-c80aa9429562", "file": "mysql-bin-changelog.000068", "pos": 422,
 "gtid_set": "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-23", "ts_ms": 1373134322000,
 "schema": {"version": 17, "ref": "prod.schema-history@17"}})";

TEST(Checkpoint, ParsesTheDesignExample) {
    auto cp = from_json(kDesignExample, "test");
    ASSERT_TRUE(cp) << cp.error().message;
    EXPECT_EQ(cp.value().flavor, binlog::Flavor::mysql);
    EXPECT_EQ(cp.value().server_uuid, "3e11fa47-71ca-11e1-9e33-c80aa9429562");
    EXPECT_EQ(cp.value().file, "mysql-bin-changelog.000068");
    EXPECT_EQ(cp.value().pos, 422u);
    EXPECT_EQ(cp.value().gtid_set, "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-23");
    EXPECT_EQ(cp.value().ts_ms, 1373134322000u);
    EXPECT_EQ(cp.value().schema.version, 17u);
    EXPECT_EQ(cp.value().schema.ref, "prod.schema-history@17");
}

TEST(Checkpoint, RoundTripKeepsEveryFieldAndTheKeyOrder) {
    auto cp = from_json(kDesignExample, "test");
    ASSERT_TRUE(cp);
    const std::string text = to_json(cp.value());
    EXPECT_EQ(text,
              R"({"flavor":"mysql","server_uuid":"3e11fa47-71ca-11e1-9e33-c80aa9429562",)"
              R"("file":"mysql-bin-changelog.000068","pos":422,)"
              R"("gtid_set":"3E11FA47-71CA-11E1-9E33-C80AA9429562:1-23","ts_ms":1373134322000,)"
              R"("schema":{"version":17,"ref":"prod.schema-history@17"}})");
    auto again = from_json(text, "test");
    ASSERT_TRUE(again);
    EXPECT_EQ(again.value(), cp.value());
    EXPECT_EQ(nlohmann::json::parse(text), nlohmann::json::parse(kDesignExample));
}

TEST(Checkpoint, MariadbHasNullServerUuid) {
    Checkpoint cp;
    cp.flavor = binlog::Flavor::mariadb;
    cp.file = "mariadb-bin.000002";
    cp.pos = 1234;
    cp.gtid_set = "0-1-42,1-2-7";
    const std::string text = to_json(cp);
    EXPECT_NE(text.find(R"("server_uuid":null)"), std::string::npos) << text;
    auto back = from_json(text, "test");
    ASSERT_TRUE(back);
    EXPECT_EQ(back.value(), cp);
}

TEST(Checkpoint, ErrorsNameTheFieldAndTheSource) {
    auto r = from_json(R"({"flavor":"mysql","server_uuid":null,"file":"f","pos":4,"gtid_set":"",)"
                       R"("ts_ms":0,"schema":{"version":1}})",
                       "/tmp/cp.json");
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::corrupt));
    EXPECT_EQ(r.error().message, R"(checkpoint /tmp/cp.json: field "schema.ref" is missing)");

    r = from_json(R"({"flavor":"oracle"})", "x");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("\"flavor\""), std::string::npos);

    r = from_json(R"({"flavor":"mysql","server_uuid":null,"file":"f","pos":-4})", "x");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("\"pos\" must be a non-negative integer"), std::string::npos);

    r = from_json("{not json", "x");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "checkpoint x: not valid JSON");
}

}  // namespace
}  // namespace b2k::checkpoint
