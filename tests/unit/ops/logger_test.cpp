#include "ops/logger.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <regex>
#include <string>

namespace b2k::ops {
namespace {

std::string capture(config::LogConfig cfg, void (*body)(Logger&)) {
    std::FILE* f = std::tmpfile();
    {
        Logger log(cfg, f);
        body(log);
    }
    std::rewind(f);
    std::string out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        out.append(buf, n);
    std::fclose(f);
    return out;
}

TEST(Logger, TextLinesCarryTimeLevelAndComponent) {
    const std::string out =
        capture({config::LogLevel::info, config::LogFormat::text}, [](Logger& l) {
            l.debug("run", "hidden below the level");
            l.info("run", "caught up");
            l.error("kafka", "broker down");
        });
    EXPECT_EQ(out.find("hidden"), std::string::npos);
    const std::regex line(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (info |error) [a-z]+: .+)");
    std::size_t start = 0;
    int lines = 0;
    for (std::size_t nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1) {
        EXPECT_TRUE(std::regex_match(out.substr(start, nl - start), line))
            << out.substr(start, nl - start);
        ++lines;
    }
    EXPECT_EQ(lines, 2);
}

TEST(Logger, JsonLinesAreObjects) {
    const std::string out = capture({config::LogLevel::debug, config::LogFormat::json},
                                    [](Logger& l) { l.warn("schema", "a \"quoted\"\nmessage"); });
    const auto j = nlohmann::json::parse(out);
    EXPECT_EQ(j["level"], "warn");
    EXPECT_EQ(j["component"], "schema");
    EXPECT_EQ(j["msg"], "a \"quoted\"\nmessage");
    EXPECT_TRUE(j["ts"].get<std::string>().ends_with("Z"));
}

}  // namespace
}  // namespace b2k::ops
