// The vector ledger: every vector in ../shared/vectors/*.json is either checked against our
// decoders by a test compiled into this binary, or listed below as excluded with the reason.
//
// This binary links every test file that consumes the vector files (tests/CMakeLists.txt lists
// them); each calls mark_checked() for a vector once it has compared it with our output. After
// the last test has run, the environment below walks every vector of every file and fails for
// each one that nobody marked and that is not excluded. A new vector file, a new vector in a
// file, or a test that stops checking one therefore fails here instead of passing silently.
// Exclusions are only for vectors that are not data a server can produce (at most 2 %).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/vector_ledger.h"
#include "support/vectors.h"

namespace b2k::test {
namespace {

using nlohmann::json;

struct Exclusion {
    std::string file;
    std::size_t index;  // position in the file's "vectors"
    std::string reason;
    // Pins the exclusion to the vector it was written for (a reordered file must not move it).
    std::function<bool(const json&)> is_that_vector;
};

const std::vector<Exclusion>& exclusions() {
    static const std::vector<Exclusion> list = {
        {"go-mysql-json-text.json", 99,
         "go-mysql's text for a JSONB double NaN/±Inf: MySQL cannot store NaN or Inf in a JSON "
         "column, and the vector has no bytes (we reject such a double as corrupt: "
         "JsonBinary.NanAndInfinityAreCorrupt)",
         [](const json& v) {
             return v.at("hex").is_null() &&
                    v.at("event_type").get<std::string>().find("NaN") != std::string::npos;
         }},
        {"go-mysql-events.json", 17,
         "no bytes: go-mysql calls its heartbeat decoder with an invalid version argument (3); a "
         "server says the version by the event type (HEARTBEAT_LOG_EVENT 27, _V2 41), which is "
         "how ours decodes both (EventParserVectors.GoMysqlEvents checks the other five)",
         [](const json& v) {
             return v.at("hex") == "" &&
                    v.at("expected").at("status").get<std::string>().find("version 3") !=
                        std::string::npos;
         }},
    };
    return list;
}

// Files in ../shared/vectors that hold no vectors, and where they are checked instead.
const std::map<std::string, std::string> kNotVectorFiles = {
    {"INVENTORY.json", "per-binlog-file facts, checked by golden_vector_files_test"},
};

std::vector<std::string> vector_files() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(shared_dir() / "vectors")) {
        if (e.is_regular_file() && e.path().extension() == ".json") {
            out.push_back(e.path().filename().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool whole_run() {
    // A filtered run checks only some vectors; the ledger speaks for complete runs only.
    return GTEST_FLAG_GET(filter) == "*";
}

class Ledger final : public testing::Environment {
  public:
    void TearDown() override {
        if (!whole_run()) {
            std::printf("vector ledger: not evaluated (--gtest_filter=%s)\n",
                        GTEST_FLAG_GET(filter).c_str());
            return;
        }
        std::size_t total = 0;
        std::size_t checked = 0;
        std::size_t excluded = 0;
        std::set<std::pair<std::string, std::size_t>> used_exclusions;
        const auto files = vector_files();
        ASSERT_GE(files.size(), 18U) << "vector files missing from " << shared_dir();
        for (const auto& file : files) {
            const json doc = load_json(vector_path(file));
            if (!doc.contains("vectors")) {
                EXPECT_EQ(kNotVectorFiles.count(file), 1U)
                    << file << " has no \"vectors\" and is not known as a non-vector file";
                continue;
            }
            const json& vectors = doc.at("vectors");
            if (doc.at("about").contains("count")) {
                EXPECT_EQ(vectors.size(), doc.at("about").at("count").get<std::size_t>()) << file;
            }
            std::size_t file_checked = 0;
            std::size_t file_excluded = 0;
            std::vector<std::size_t> unchecked;
            for (std::size_t i = 0; i < vectors.size(); ++i) {
                const json& v = vectors[i];
                ++total;
                const auto ex = std::find_if(
                    exclusions().begin(), exclusions().end(),
                    [&](const Exclusion& e) { return e.file == file && e.index == i; });
                const bool marked = times_checked(file, v) > 0;
                if (ex != exclusions().end()) {
                    EXPECT_TRUE(ex->is_that_vector(v))
                        << file << " vector " << i << " is not the one its exclusion names";
                    EXPECT_FALSE(marked)
                        << file << " vector " << i << " is checked by a test: drop its exclusion";
                    used_exclusions.insert({file, i});
                    ++file_excluded;
                } else if (marked) {
                    ++file_checked;
                } else {
                    unchecked.push_back(i);
                }
            }
            for (const auto i : unchecked) {
                ADD_FAILURE() << file << " vector " << i << " (" << vectors[i].value("source", "")
                              << ") is neither checked by a test nor excluded";
            }
            std::printf("vector ledger: %-42s %3zu vectors, %3zu checked, %zu excluded\n",
                        file.c_str(), vectors.size(), file_checked, file_excluded);
            checked += file_checked;
            excluded += file_excluded;
        }
        EXPECT_EQ(used_exclusions.size(), exclusions().size()) << "an exclusion names no vector";
        std::printf("vector ledger: %zu vectors, %zu checked, %zu excluded\n", total, checked,
                    excluded);
        EXPECT_EQ(checked + excluded, total);
        EXPECT_LE(excluded * 50, total) << "more than 2 % of the vectors are excluded";
        for (const auto& e : exclusions()) {
            std::printf("vector ledger: excluded %s #%zu: %s\n", e.file.c_str(), e.index,
                        e.reason.c_str());
        }
    }
};

const auto* const kLedger = testing::AddGlobalTestEnvironment(new Ledger);

}  // namespace
}  // namespace b2k::test
