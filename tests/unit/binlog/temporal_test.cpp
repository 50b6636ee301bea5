// Temporal decoding against every DATE/TIME/DATETIME/TIMESTAMP/YEAR vector in
// ../shared/vectors (go-mysql, MySqlCdc, vitess), plus hand-written boundaries.
//
// Each source prints values its own way; the per-source functions below map their expected
// text to ours (docs/value-encoding-temporal.md):
//   ours:      DATE "2024-02-29", DATETIME "2024-02-29T13:45:01.25", TIME "-838:59:59",
//              TIMESTAMP "2017-03-21T14:25:09Z" (UTC), zero/invalid dates: null, YEAR: number.
//   go-mysql:  "YYYY-MM-DD hh:mm:ss[.f]", zero/invalid dates printed as they are
//              ("2016-00-28 15:30:42"); TIME as ours.
//   MySqlCdc:  free text: "1985-10-13 10:22:23.567 UTC (epoch seconds + ms)", "0000-00-00
//              (MySqlCdc returns null)", "... -> null"; YEAR as a JSON number.
//   vitess:    "YYYY-MM-DD hh:mm:ss[.f]"; TIMESTAMP in UTC without a zone; YEAR as a string.
// A vector whose bytes no server writes is expected to fail with bad_value (listed below, with
// the reason); none is skipped.

#include "binlog/temporal.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/vector_ledger.h"
#include "support/vectors.h"

namespace b2k::binlog {
namespace {

using nlohmann::json;

// What a vector must decode to: text (ours), null, a YEAR number, or an error.
struct Expect {
    enum class What { text, null, year, error } what = What::text;
    std::string text;
    std::uint32_t year = 0;
    Errc errc = Errc::ok;
};

Expect text(std::string s) {
    return {Expect::What::text, std::move(s), 0, Errc::ok};
}
Expect null() {
    return {Expect::What::null, {}, 0, Errc::ok};
}
Expect year(std::uint32_t y) {
    return {Expect::What::year, {}, y, Errc::ok};
}
Expect error(Errc e) {
    return {Expect::What::error, {}, 0, e};
}

// "YYYY-MM-DD hh:mm:ss[.f]" -> ours; zero month or day -> null.
Expect from_space_separated(std::string s, bool timestamp) {
    if (s.size() >= 10 && (s.compare(5, 2, "00") == 0 || s.compare(8, 2, "00") == 0)) {
        return null();
    }
    if (s.size() > 10 && s[10] == ' ') s[10] = 'T';
    if (timestamp) s += 'Z';
    return text(s);
}

std::string bytes_hex(const std::vector<std::byte>& b) {
    return test::to_hex(b);
}

Result<Temporal> run(wire::ByteReader& r, ColumnType type, std::uint16_t meta) {
    return decode_temporal(r, type, meta);
}

// Decodes `bytes` as one value of `type` (all bytes must be consumed), compares with `want`,
// then checks that every shorter prefix fails as truncated.
void check_value(const std::vector<std::byte>& bytes, ColumnType type, std::uint16_t meta,
                 const Expect& want) {
    SCOPED_TRACE(testing::Message() << "type " << static_cast<unsigned>(type) << " meta " << meta
                                    << " hex " << bytes_hex(bytes));
    EXPECT_EQ(temporal_binary_size(type, meta), bytes.size());
    wire::ByteReader r(wire::Bytes(bytes.data(), bytes.size()));
    if (type == ColumnType::MYSQL_TYPE_YEAR) {
        auto y = decode_year(r);
        ASSERT_TRUE(y.has_value()) << y.error().message;
        ASSERT_EQ(want.what, Expect::What::year);
        EXPECT_EQ(y.value(), want.year);
    } else {
        auto res = run(r, type, meta);
        if (want.what == Expect::What::error) {
            ASSERT_FALSE(res.has_value());
            EXPECT_TRUE(res.error().is(want.errc)) << res.error().message;
            EXPECT_FALSE(r.ok());
            return;
        }
        ASSERT_TRUE(res.has_value()) << res.error().message;
        std::string json_out;
        append_temporal_json(res.value(), json_out);
        if (want.what == Expect::What::null) {
            EXPECT_TRUE(res.value().zero_or_invalid);
            EXPECT_EQ(json_out, "null");
        } else {
            std::string out;
            EXPECT_TRUE(append_temporal_text(res.value(), out));
            EXPECT_EQ(out, want.text);
            EXPECT_EQ(json_out, "\"" + want.text + "\"");
        }
    }
    EXPECT_TRUE(r.finish("value").has_value()) << "consumed " << r.offset();
    for (std::size_t len = 0; len < bytes.size(); ++len) {
        const std::vector<std::byte> prefix(bytes.begin(), bytes.begin() + len);
        wire::ByteReader t(wire::Bytes(prefix.data(), prefix.size()));
        if (type == ColumnType::MYSQL_TYPE_YEAR) {
            auto y = decode_year(t);
            ASSERT_FALSE(y.has_value());
            EXPECT_TRUE(y.error().is(Errc::truncated)) << "prefix " << len;
        } else {
            auto res = run(t, type, meta);
            ASSERT_FALSE(res.has_value()) << "prefix of " << len << " bytes decoded";
            EXPECT_TRUE(res.error().is(Errc::truncated))
                << "prefix " << len << ": " << res.error().message;
        }
    }
}

void check_hex(std::string_view hex, ColumnType type, std::uint16_t meta, const Expect& want) {
    check_value(test::from_hex(hex), type, meta, want);
}

// ---------------------------------------------------------------------------------------------
// go-mysql: DATETIME2 and TIME2, all of the file.

TEST(TemporalVectors, GoMysql) {
    const json file = test::load_json(test::vector_path("go-mysql-temporal.json"));
    const auto& vectors = file.at("vectors");
    std::size_t checked = 0;
    for (const auto& v : vectors) {
        SCOPED_TRACE(test::value_vector_name(v));
        const auto type_label = v.at("value_type").get<std::string>();
        const auto fsp = v.at("params").at("fsp").get<std::uint16_t>();
        EXPECT_EQ(v.at("params").at("table_map_meta").get<std::uint16_t>(), fsp);
        const auto expected = v.at("expected").get<std::string>();
        if (type_label == "DATETIME2") {
            check_hex(v.at("hex").get<std::string>(), ColumnType::MYSQL_TYPE_DATETIME2, fsp,
                      from_space_separated(expected, false));
        } else if (type_label == "TIME2") {
            check_hex(v.at("hex").get<std::string>(), ColumnType::MYSQL_TYPE_TIME2, fsp,
                      text(expected));
        } else {
            ADD_FAILURE() << "unmapped value_type " << type_label;
            continue;
        }
        test::mark_checked("go-mysql-temporal.json", v);
        ++checked;
    }
    std::printf("go-mysql-temporal.json: %zu vectors checked, 0 excluded\n", checked);
    EXPECT_EQ(checked, vectors.size());
    EXPECT_EQ(checked, file.at("about").at("count").get<std::size_t>());
    EXPECT_EQ(checked, 26U);
}

// ---------------------------------------------------------------------------------------------
// MySqlCdc: the temporal and YEAR entries of the column file.

// Vectors expected to fail, by MySqlCdc test name, with the reason.
const std::map<std::string, std::pair<Errc, const char*>> kMySqlCdcErrors = {
    {"Test_DateTime2_Invalid",
     {Errc::bad_value,
      "00000000000d7a has the DATETIME2 sign bit clear (a negative DATETIME), which no server "
      "writes (the zero DATETIME is 8000000000); MySqlCdc ignores the sign bit and returns "
      "null, we reject the value as corrupt"}},
};

std::optional<ColumnType> mysqlcdc_type(const std::string& label) {
    static const std::map<std::string, ColumnType> kTypes = {
        {"YEAR", ColumnType::MYSQL_TYPE_YEAR},
        {"DATE", ColumnType::MYSQL_TYPE_DATE},
        {"TIME2", ColumnType::MYSQL_TYPE_TIME2},
        {"TIMESTAMP2", ColumnType::MYSQL_TYPE_TIMESTAMP2},
        {"DATETIME2", ColumnType::MYSQL_TYPE_DATETIME2},
        {"TIME (old, pre-5.6.4 format)", ColumnType::MYSQL_TYPE_TIME},
        {"TIME (old format)", ColumnType::MYSQL_TYPE_TIME},
        {"TIMESTAMP (old format)", ColumnType::MYSQL_TYPE_TIMESTAMP},
        {"DATETIME (old format, 8-byte YYYYMMDDhhmmss)", ColumnType::MYSQL_TYPE_DATETIME},
        {"DATETIME (old format)", ColumnType::MYSQL_TYPE_DATETIME},
    };
    auto it = kTypes.find(label);
    if (it == kTypes.end()) return std::nullopt;
    return it->second;
}

Expect mysqlcdc_expect(const json& v, ColumnType type) {
    if (auto it = kMySqlCdcErrors.find(v.at("test").get<std::string>());
        it != kMySqlCdcErrors.end()) {
        return error(it->second.first);
    }
    const auto& e = v.at("expected");
    if (type == ColumnType::MYSQL_TYPE_YEAR) return year(e.get<std::uint32_t>());
    std::string s = e.get<std::string>();
    // "<value> (MySqlCdc returns null)", "<value> -> null", "<value> -> MySqlCdc null".
    if (s.find("null") != std::string::npos) return null();
    // "<value> UTC (epoch seconds + ms)", "<value> UTC": the value is already UTC.
    const bool timestamp =
        type == ColumnType::MYSQL_TYPE_TIMESTAMP || type == ColumnType::MYSQL_TYPE_TIMESTAMP2;
    if (auto utc = s.find(" UTC"); utc != std::string::npos) s.resize(utc);
    if (type == ColumnType::MYSQL_TYPE_TIME || type == ColumnType::MYSQL_TYPE_TIME2) {
        return text(s);
    }
    return from_space_separated(s, timestamp);
}

TEST(TemporalVectors, MySqlCdc) {
    const json file = test::load_json(test::vector_path("MySqlCdc-columns.json"));
    std::size_t relevant = 0;
    std::size_t checked = 0;
    std::size_t expected_errors = 0;
    for (const auto& v : file.at("vectors")) {
        const auto label = v.at("value_type").get<std::string>();
        const auto type = mysqlcdc_type(label);
        if (!type) {
            // Not ours; make sure no temporal label slips through unmapped.
            for (const char* word : {"TIME", "DATE", "YEAR"}) {
                EXPECT_EQ(label.find(word), std::string::npos) << "unmapped label " << label;
            }
            continue;
        }
        ++relevant;
        SCOPED_TRACE(test::value_vector_name(v));
        const auto meta = v.at("params").at("table_map_meta").get<std::uint16_t>();
        const Expect want = mysqlcdc_expect(v, *type);
        if (want.what == Expect::What::error) ++expected_errors;
        check_hex(v.at("hex").get<std::string>(), *type, meta, want);
        test::mark_checked("MySqlCdc-columns.json", v);
        ++checked;
    }
    std::printf(
        "MySqlCdc-columns.json: %zu temporal/YEAR vectors checked (%zu expected to fail as "
        "not server data), 0 excluded\n",
        checked, expected_errors);
    EXPECT_EQ(checked, relevant);
    EXPECT_EQ(relevant, 23U);  // pins the selection
    EXPECT_EQ(expected_errors, kMySqlCdcErrors.size());
}

// ---------------------------------------------------------------------------------------------
// vitess: "TypeX (n)" labels; n is the column type code.

TEST(TemporalVectors, Vitess) {
    const json file = test::load_json(test::vector_path("vitess-rbr-cells.json"));
    std::size_t relevant = 0;
    std::size_t checked = 0;
    for (const auto& v : file.at("vectors")) {
        const auto label = v.at("value_type").get<std::string>();
        const auto open = label.find('(');
        ASSERT_NE(open, std::string::npos) << label;
        const auto code = static_cast<unsigned>(std::stoul(label.substr(open + 1)));
        const auto type = static_cast<ColumnType>(code);
        switch (type) {
            case ColumnType::MYSQL_TYPE_TIMESTAMP:
            case ColumnType::MYSQL_TYPE_DATE:
            case ColumnType::MYSQL_TYPE_TIME:
            case ColumnType::MYSQL_TYPE_DATETIME:
            case ColumnType::MYSQL_TYPE_YEAR:
            case ColumnType::MYSQL_TYPE_NEWDATE:
            case ColumnType::MYSQL_TYPE_TIMESTAMP2:
            case ColumnType::MYSQL_TYPE_DATETIME2:
            case ColumnType::MYSQL_TYPE_TIME2:
                break;
            default:
                continue;  // not a temporal type
        }
        ++relevant;
        SCOPED_TRACE(test::value_vector_name(v));
        const auto meta = v.at("params").at("table_map_meta").get<std::uint16_t>();
        const auto expected = v.at("expected").get<std::string>();
        Expect want;
        switch (type) {
            case ColumnType::MYSQL_TYPE_YEAR:
                want = year(std::stoul(expected));
                break;
            case ColumnType::MYSQL_TYPE_TIME:
            case ColumnType::MYSQL_TYPE_TIME2:
                want = text(expected);
                break;
            case ColumnType::MYSQL_TYPE_TIMESTAMP:
            case ColumnType::MYSQL_TYPE_TIMESTAMP2:
                want = from_space_separated(expected, true);  // vitess prints UTC
                break;
            default:
                want = from_space_separated(expected, false);
                break;
        }
        check_hex(v.at("hex").get<std::string>(), type, meta, want);
        test::mark_checked("vitess-rbr-cells.json", v);
        ++checked;
    }
    std::printf("vitess-rbr-cells.json: %zu temporal/YEAR vectors checked, 0 excluded\n", checked);
    EXPECT_EQ(checked, relevant);
    EXPECT_EQ(relevant, 42U);
}

// ---------------------------------------------------------------------------------------------
// Hand-written boundaries. Hex derived by hand from the layouts (see temporal.cpp).

constexpr auto kDate = ColumnType::MYSQL_TYPE_DATE;
constexpr auto kTime = ColumnType::MYSQL_TYPE_TIME;
constexpr auto kDatetime = ColumnType::MYSQL_TYPE_DATETIME;
constexpr auto kTimestamp = ColumnType::MYSQL_TYPE_TIMESTAMP;
constexpr auto kTimestamp2 = ColumnType::MYSQL_TYPE_TIMESTAMP2;
constexpr auto kDatetime2 = ColumnType::MYSQL_TYPE_DATETIME2;
constexpr auto kTime2 = ColumnType::MYSQL_TYPE_TIME2;

TEST(Temporal, NegativeTime2WithFractionEveryFsp) {
    struct Case {
        unsigned fsp;
        const char* hex;
        const char* text;
    };
    // -00:00:00.5, -838:59:59.0, -12:34:56.xxx (the fraction borrows from the seconds),
    // -00:00:01.9..., and the positive 12:34:56.xxx, for fsp 1..6.
    const Case cases[] = {
        {1, "7fffffce", "-00:00:00.5"},           {1, "4b910500", "-838:59:59.0"},
        {1, "7f3747f6", "-12:34:56.1"},           {1, "80c8b80a", "12:34:56.1"},
        {1, "7ffffea6", "-00:00:01.9"},           {2, "7fffffce", "-00:00:00.50"},
        {2, "4b910500", "-838:59:59.00"},         {2, "7f3747f4", "-12:34:56.12"},
        {2, "80c8b80c", "12:34:56.12"},           {2, "7ffffe9d", "-00:00:01.99"},
        {3, "7fffffec78", "-00:00:00.500"},       {3, "4b91050000", "-838:59:59.000"},
        {3, "7f3747fb32", "-12:34:56.123"},       {3, "80c8b804ce", "12:34:56.123"},
        {3, "7ffffed8fa", "-00:00:01.999"},       {4, "7fffffec78", "-00:00:00.5000"},
        {4, "4b91050000", "-838:59:59.0000"},     {4, "7f3747fb2e", "-12:34:56.1234"},
        {4, "80c8b804d2", "12:34:56.1234"},       {4, "7ffffed8f1", "-00:00:01.9999"},
        {5, "7ffffff85ee0", "-00:00:00.50000"},   {5, "4b9105000000", "-838:59:59.00000"},
        {5, "7f3747fe1dc6", "-12:34:56.12345"},   {5, "80c8b801e23a", "12:34:56.12345"},
        {5, "7ffffef0bdca", "-00:00:01.99999"},   {6, "7ffffff85ee0", "-00:00:00.500000"},
        {6, "4b9105000000", "-838:59:59.000000"}, {6, "7f3747fe1dc0", "-12:34:56.123456"},
        {6, "80c8b801e240", "12:34:56.123456"},   {6, "7ffffef0bdc1", "-00:00:01.999999"},
    };
    for (const auto& c : cases)
        check_hex(c.hex, kTime2, static_cast<std::uint16_t>(c.fsp), text(c.text));
}

TEST(Temporal, Time2Limits) {
    check_hex("b46efb", kTime2, 0, text("838:59:59"));
    check_hex("4b9105", kTime2, 0, text("-838:59:59"));
    // MariaDB allows the full fraction at the limit.
    check_hex("b46efb0f423f", kTime2, 6, text("838:59:59.999999"));
    check_hex("4b9104f0bdc1", kTime2, 6, text("-838:59:59.999999"));
    check_hex("800000", kTime2, 0, text("00:00:00"));
    check_hex("800000000000", kTime2, 6, text("00:00:00.000000"));
    // 839:00:00, minute 60, the reserved bit, a fraction of 1s: not server data.
    check_hex("b47000", kTime2, 0, error(Errc::bad_value));
    check_hex("800f00", kTime2, 0, error(Errc::bad_value));
    check_hex("c00000", kTime2, 0, error(Errc::bad_value));
    check_hex("80000064", kTime2, 2, error(Errc::bad_value));
    check_hex("8000000f4240", kTime2, 6, error(Errc::bad_value));
}

TEST(Temporal, OldTime) {
    check_hex("a7f57f", kTime, 0, text("838:59:59"));
    check_hex("590a80", kTime, 0, text("-838:59:59"));
    check_hex("ffffff", kTime, 0, text("-00:00:01"));
    check_hex("85ffff", kTime, 0, text("-00:01:23"));
    check_hex("000000", kTime, 0, text("00:00:00"));
    check_hex("701700", kTime, 0, error(Errc::bad_value));  // 00:60:00
    check_hex("700580", kTime, 0, error(Errc::bad_value));  // 839:00:00
}

TEST(Temporal, Date) {
    check_hex("9f1f4e", kDate, 0, text("9999-12-31"));
    check_hex("21d007", kDate, 0, text("1000-01-01"));
    check_hex("210000", kDate, 0, text("0000-01-01"));
    check_hex("5dd00f", kDate, 0, text("2024-02-29"));
    check_hex("9fd00f", kDate, 0, null());                  // 2024-04-31
    check_hex("a1d10f", kDate, 0, error(Errc::bad_value));  // month 13
    check_hex("21204e", kDate, 0, error(Errc::bad_value));  // year 10000
    check_hex("5dce0f", kDate, 0, null());                  // 2023-02-29
    check_hex("5dd80e", kDate, 0, null());                  // 1900-02-29
    check_hex("5da00f", kDate, 0, text("2000-02-29"));
    check_hex("000000", kDate, 0, null());
    check_hex("5dd00f", ColumnType::MYSQL_TYPE_NEWDATE, 0, text("2024-02-29"));
}

TEST(Temporal, Datetime2) {
    check_hex("fef3ff7efb0f423f", kDatetime2, 6, text("9999-12-31T23:59:59.999999"));
    check_hex("8cb2420000000000", kDatetime2, 6, text("1000-01-01T00:00:00.000000"));
    check_hex("99b2badb4103d090", kDatetime2, 6, text("2024-02-29T13:45:01.250000"));
    check_hex("99b2badb4119", kDatetime2, 2, text("2024-02-29T13:45:01.25"));
    check_hex("99b2badb41", kDatetime2, 0, text("2024-02-29T13:45:01"));
    check_hex("99af7a0000", kDatetime2, 0, null());  // 2023-02-29
    check_hex("99b33e0000", kDatetime2, 0, null());  // 2024-04-31
    check_hex("8000000000", kDatetime2, 0, null());
    check_hex("80000000000d7a", kDatetime2, 3, null());              // zero date with a fraction
    check_hex("99b2bb8000", kDatetime2, 0, error(Errc::bad_value));  // 24:00:00
    check_hex("7fffffffff", kDatetime2, 0, error(Errc::bad_value));  // negative
    check_hex("99b2badb410f4240", kDatetime2, 6, error(Errc::bad_value));  // fraction 1s
}

TEST(Temporal, OldDatetime) {
    check_hex("7787d105f15a0000", kDatetime, 0, text("9999-12-31T23:59:59"));
    check_hex("a5f0aa8b68120000", kDatetime, 0, text("2024-02-29T13:45:01"));
    check_hex("40ff9c3766120000", kDatetime, 0, null());  // 2023-02-29
    check_hex("0000000000000000", kDatetime, 0, null());
    check_hex("7887d105f15a0000", kDatetime, 0, error(Errc::bad_value));  // ...:60
    check_hex("404f8ecb68120000", kDatetime, 0, error(Errc::bad_value));  // month 13
}

TEST(Temporal, Timestamps) {
    check_hex("00000001", kTimestamp2, 0, text("1970-01-01T00:00:01Z"));
    check_hex("7fffffff0f423f", kTimestamp2, 6, text("2038-01-19T03:14:07.999999Z"));
    check_hex("ffffffff", kTimestamp2, 0, text("2106-02-07T06:28:15Z"));
    check_hex("65e08a5d09c4", kTimestamp2, 4, text("2024-02-29T13:45:01.2500Z"));
    check_hex("65e08a5d09c4", kTimestamp2, 3, text("2024-02-29T13:45:01.250Z"));
    check_hex("00000000", kTimestamp2, 0, null());
    check_hex("0000000009c4", kTimestamp2, 3, null());  // MySQL: seconds 0 is the zero value
    check_hex("65e08a5d0f4240", kTimestamp2, 6, error(Errc::bad_value));
    check_hex("5d8ae065", kTimestamp, 0, text("2024-02-29T13:45:01Z"));
    check_hex("00000000", kTimestamp, 0, null());
    check_hex("ffffffff", kTimestamp, 0, text("2106-02-07T06:28:15Z"));

    const auto bytes = test::from_hex("65e08a5d");
    wire::ByteReader r(wire::Bytes(bytes.data(), bytes.size()));
    auto t = decode_timestamp2(r, 0);
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t.value().epoch_seconds, 1709214301);
}

TEST(Temporal, Year) {
    check_hex("00", ColumnType::MYSQL_TYPE_YEAR, 0, year(0));
    check_hex("01", ColumnType::MYSQL_TYPE_YEAR, 0, year(1901));
    check_hex("ff", ColumnType::MYSQL_TYPE_YEAR, 0, year(2155));
    static_assert(year_from_byte(124) == 2024);
}

TEST(Temporal, TruncationAtEveryLengthForEveryTypeAndFsp) {
    const std::vector<std::byte> filler(16, std::byte{0x80});
    for (auto type : {kDate, ColumnType::MYSQL_TYPE_NEWDATE, kTime, kDatetime, kTimestamp,
                      kTimestamp2, kDatetime2, kTime2}) {
        const bool has_fsp = type == kTimestamp2 || type == kDatetime2 || type == kTime2;
        for (std::uint16_t fsp = 0; fsp <= (has_fsp ? 6 : 0); ++fsp) {
            const std::size_t size = temporal_binary_size(type, fsp);
            ASSERT_GT(size, 0U);
            for (std::size_t len = 0; len < size; ++len) {
                SCOPED_TRACE(testing::Message() << "type " << static_cast<unsigned>(type) << " fsp "
                                                << fsp << " len " << len);
                wire::ByteReader r(wire::Bytes(filler.data(), len));
                auto res = decode_temporal(r, type, fsp);
                ASSERT_FALSE(res.has_value());
                EXPECT_TRUE(res.error().is(Errc::truncated)) << res.error().message;
            }
        }
    }
    wire::ByteReader empty;
    EXPECT_TRUE(decode_year(empty).error().is(Errc::truncated));
}

TEST(Temporal, BadMetadata) {
    const std::vector<std::byte> bytes(16, std::byte{0x80});
    for (auto type : {kTimestamp2, kDatetime2, kTime2}) {
        wire::ByteReader r(wire::Bytes(bytes.data(), bytes.size()));
        auto res = decode_temporal(r, type, 7);
        ASSERT_FALSE(res.has_value());
        EXPECT_TRUE(res.error().is(Errc::bad_value));
        EXPECT_EQ(temporal_binary_size(type, 7), 0U);
    }
    for (auto type : {kTime, kDatetime, kTimestamp}) {
        wire::ByteReader r(wire::Bytes(bytes.data(), bytes.size()));
        auto res = decode_temporal(r, type, 3);
        ASSERT_FALSE(res.has_value());
        EXPECT_TRUE(res.error().is(Errc::unsupported)) << res.error().message;
    }
    wire::ByteReader r(wire::Bytes(bytes.data(), bytes.size()));
    auto res = decode_temporal(r, ColumnType::MYSQL_TYPE_LONG, 0);
    ASSERT_FALSE(res.has_value());
    EXPECT_TRUE(res.error().is(Errc::internal));
    EXPECT_EQ(temporal_binary_size(ColumnType::MYSQL_TYPE_LONG, 0), 0U);
}

TEST(Temporal, Rendering) {
    Temporal t;
    t.kind = TemporalKind::time;
    t.hour = 5;
    t.minute = 6;
    t.second = 7;
    t.microsecond = 123456;
    t.fsp = 3;  // truncated, not rounded
    std::string out = "x";
    EXPECT_TRUE(append_temporal_text(t, out));
    EXPECT_EQ(out, "x05:06:07.123");
    t.negative = true;
    t.hour = 100;
    out.clear();
    append_temporal_json(t, out);
    EXPECT_EQ(out, "\"-100:06:07.123\"");

    Temporal z;
    z.kind = TemporalKind::datetime;
    z.zero_or_invalid = true;
    out = "x";
    EXPECT_FALSE(append_temporal_text(z, out));
    EXPECT_EQ(out, "x");
    append_temporal_json(z, out);
    EXPECT_EQ(out, "xnull");
}

}  // namespace
}  // namespace b2k::binlog
