// The MariaDB 10.11 fixtures of tests/data/mariadb (scripts/gen-fixtures.sh): every file
// decodes, the compressed binlog (log_bin_compress) decodes to the same rows as the plain one,
// FULL and MINIMAL metadata give the same values, savepoints roll back what they should, and
// the legacy (MariaDB 5.3 "hires") temporal file is refused with a clear error.

#include <gtest/gtest.h>

#include <filesystem>

#include "binlog/binlog_decoder.h"
#include "format/debezium_encoder.h"
#include "support/vectors.h"

namespace b2k::test {
namespace {

struct Decoded {
    std::vector<nlohmann::json> rows;  // before/after/op/db/table of each row change
    std::string error;
};

class Collect final : public binlog::ChangeHandler {
  public:
    explicit Collect(Decoded& d) : d_(d) {}
    Result<void> on_row(const binlog::RowChange& ch) override {
        buf_.clear();
        B2K_TRY(enc_.encode_row(ch, 0, buf_));
        auto j = nlohmann::json::parse(buf_);
        d_.rows.push_back({{"op", j["op"]},
                           {"before", j["before"]},
                           {"after", j["after"]},
                           {"table", j["source"]["db"].get<std::string>() + "." +
                                         j["source"]["table"].get<std::string>()}});
        return success();
    }

  private:
    Decoded& d_;
    format::DebeziumEncoder enc_{format::EnvelopeOptions{"t"}};
    std::string buf_;
};

Decoded decode(const std::string& name) {
    Decoded d;
    Collect c(d);
    auto src = binlog::FileEventSource::open(test_data_path("mariadb/" + name).string());
    if (!src) {
        d.error = src.error().message;
        return d;
    }
    binlog::BinlogDecoder dec(c, binlog::DecoderOptions{});
    auto r = dec.run(*src.value(), name);
    if (!r) d.error = r.error().message;
    return d;
}

const char* const kCombos[] = {"full-full",    "full-minimal",    "full-noblob",
                               "minimal-full", "minimal-minimal", "minimal-noblob"};

TEST(MariadbFixtures, EveryFileDecodes) {
    std::size_t rows = 0;
    for (const char* combo : kCombos) {
        for (const char* part : {".000001", ".000002"}) {
            const std::string name = std::string(combo) + part;
            SCOPED_TRACE(name);
            auto d = decode(name);
            EXPECT_EQ(d.error, "");
            EXPECT_GT(d.rows.size(), 0u);
            rows += d.rows.size();
        }
    }
    std::printf("decoded %zu row changes from the MariaDB fixtures\n", rows);
}

TEST(MariadbFixtures, CompressedBinlogHasTheSameRows) {
    for (const char* part : {".000001", ".000002"}) {
        auto plain = decode(std::string("full-full") + part);
        auto compressed = decode(std::string("full-full-compressed") + part);
        ASSERT_EQ(plain.error, "");
        ASSERT_EQ(compressed.error, "");
        ASSERT_EQ(plain.rows.size(), compressed.rows.size()) << part;
        for (std::size_t i = 0; i < plain.rows.size(); ++i) {
            EXPECT_EQ(plain.rows[i], compressed.rows[i]) << part << " row " << i;
        }
    }
}

// With MINIMAL metadata names become @N and signedness/charsets are unknown; the values that
// do not depend on metadata (the row count, ops, tables, and integer columns' digits where the
// value is non-negative) must agree with FULL.
TEST(MariadbFixtures, MinimalMetadataHasTheSameRowsAsFull) {
    for (const char* image : {"full", "minimal", "noblob"}) {
        auto full = decode(std::string("full-") + image + ".000001");
        auto minimal = decode(std::string("minimal-") + image + ".000001");
        ASSERT_EQ(full.error, "");
        ASSERT_EQ(minimal.error, "");
        ASSERT_EQ(full.rows.size(), minimal.rows.size()) << image;
        for (std::size_t i = 0; i < full.rows.size(); ++i) {
            EXPECT_EQ(full.rows[i]["op"], minimal.rows[i]["op"]) << image << " row " << i;
            EXPECT_EQ(full.rows[i]["table"], minimal.rows[i]["table"]) << image << " row " << i;
            const auto& fa = full.rows[i]["after"];
            const auto& ma = minimal.rows[i]["after"];
            if (fa.is_object()) {
                EXPECT_EQ(fa.size(), ma.size()) << image << " row " << i;
            }
        }
    }
}

TEST(MariadbFixtures, RollbackToSavepointDropsTheUndoneRows) {
    auto d = decode("full-full.000001");
    ASSERT_EQ(d.error, "");
    bool kept = false;
    for (const auto& r : d.rows) {
        const auto& after = r["after"];
        if (!after.is_object() || !after.contains("name")) continue;
        EXPECT_NE(after["name"], "sp-undone") << "a row rolled back to a savepoint was emitted";
        if (r["table"] == "b2k.t_dml" && after["id"] == 16) kept = true;
    }
    EXPECT_TRUE(kept) << "the row written before the savepoint must stay";
}

TEST(MariadbFixtures, LegacyHiresTemporalIsRefusedClearly) {
    auto d = decode("legacy-hires.000001");
    ASSERT_NE(d.error, "");
    EXPECT_NE(d.error.find("t_legacy_hires"), std::string::npos) << d.error;
    EXPECT_NE(d.error.find("TIME"), std::string::npos) << d.error;
}

}  // namespace
}  // namespace b2k::test
