// NEWDECIMAL decoding against every NEWDECIMAL vector in ../shared/vectors, plus boundaries.
//
// Convention mapping: all three sources (go-mysql, MySqlCdc, vitess) assert the exact decimal
// text with `scale` fraction digits, a '-' for negatives and a single "0" before the point,
// which is our convention too ("-12.340", "0.00"); so their expected strings are compared as
// they are. None of them has a negative-zero vector (ours prints it as "0.00").

#include "binlog/decimal.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "support/vector_ledger.h"
#include "support/vectors.h"

namespace b2k::binlog {
namespace {

using nlohmann::json;

struct Decoded {
    bool ok = false;
    Errc errc = Errc::ok;
    std::string text;
    std::size_t consumed = 0;
};

Decoded decode(const std::vector<std::byte>& bytes, unsigned precision, unsigned scale) {
    wire::ByteReader r(wire::Bytes(bytes.data(), bytes.size()));
    Decoded d;
    auto res = decode_decimal(r, precision, scale, d.text);
    d.ok = res.has_value();
    if (!d.ok) {
        d.errc = static_cast<Errc>(res.error().code.value());
        EXPECT_FALSE(r.ok()) << "a failed decode must leave the reader failed";
        EXPECT_TRUE(d.text.empty()) << "a failed decode must not append";
    }
    d.consumed = r.offset();
    return d;
}

// Decodes one vector and every truncation of it; returns after reporting failures.
void check_vector(const std::vector<std::byte>& bytes, unsigned precision, unsigned scale,
                  std::size_t expect_consumed, const std::string& expected) {
    ASSERT_EQ(decimal_binary_size(precision, scale), expect_consumed);
    const Decoded d = decode(bytes, precision, scale);
    ASSERT_TRUE(d.ok);
    EXPECT_EQ(d.text, expected);
    EXPECT_EQ(d.consumed, expect_consumed);
    for (std::size_t len = 0; len < expect_consumed; ++len) {
        const std::vector<std::byte> prefix(bytes.begin(), bytes.begin() + len);
        const Decoded t = decode(prefix, precision, scale);
        EXPECT_FALSE(t.ok) << "prefix of " << len << " bytes decoded";
        EXPECT_EQ(t.errc, Errc::truncated) << "prefix of " << len << " bytes";
    }
}

std::string trace_name(const json& v) {
    return v.at("source").get<std::string>() + " hex=" + v.at("hex").get<std::string>();
}

TEST(DecimalVectors, GoMysql) {
    const json file = test::load_json(test::vector_path("go-mysql-decimal.json"));
    const auto& vectors = file.at("vectors");
    std::size_t checked = 0;
    for (const auto& v : vectors) {
        SCOPED_TRACE(trace_name(v));
        ASSERT_EQ(v.at("value_type"), "NEWDECIMAL");
        const auto& params = v.at("params");
        const auto precision = params.at("precision").get<unsigned>();
        const auto scale = params.at("scale").get<unsigned>();
        // table_map_meta is (first metadata byte << 8) | second: precision high, scale low.
        const auto meta = params.at("table_map_meta").get<std::uint16_t>();
        EXPECT_EQ(decimal_precision_from_meta(meta), precision);
        EXPECT_EQ(decimal_scale_from_meta(meta), scale);
        // The hex may run into the next column; expected_bytes_consumed says where it ends.
        check_vector(test::from_hex(v.at("hex").get<std::string>()), precision, scale,
                     v.at("expected_bytes_consumed").get<std::size_t>(),
                     v.at("expected").get<std::string>());
        test::mark_checked("go-mysql-decimal.json", v);
        ++checked;
    }
    std::printf("go-mysql-decimal.json: %zu NEWDECIMAL vectors checked, 0 excluded\n", checked);
    EXPECT_EQ(checked, vectors.size());
    EXPECT_EQ(checked, file.at("about").at("count").get<std::size_t>());
    EXPECT_EQ(checked, 199U);
}

TEST(DecimalVectors, MySqlCdc) {
    const json file = test::load_json(test::vector_path("MySqlCdc-columns.json"));
    std::size_t relevant = 0;
    std::size_t checked = 0;
    for (const auto& v : file.at("vectors")) {
        if (v.at("value_type") != "NEWDECIMAL") continue;  // other types: other tests
        ++relevant;
        SCOPED_TRACE(trace_name(v));
        const auto& params = v.at("params");
        const auto precision = params.at("precision").get<unsigned>();
        const auto scale = params.at("scale").get<unsigned>();
        const auto meta = params.at("table_map_meta").get<std::uint16_t>();
        EXPECT_EQ(decimal_precision_from_meta(meta), precision);
        EXPECT_EQ(decimal_scale_from_meta(meta), scale);
        const auto bytes = test::from_hex(v.at("hex").get<std::string>());
        check_vector(bytes, precision, scale, bytes.size(), v.at("expected").get<std::string>());
        test::mark_checked("MySqlCdc-columns.json", v);
        ++checked;
    }
    std::printf("MySqlCdc-columns.json: %zu NEWDECIMAL vectors checked, 0 excluded\n", checked);
    EXPECT_EQ(checked, relevant);
    EXPECT_EQ(relevant, 6U);  // pins the selection: a renamed value_type must not drop vectors
}

TEST(DecimalVectors, Vitess) {
    const json file = test::load_json(test::vector_path("vitess-rbr-cells.json"));
    std::size_t relevant = 0;
    std::size_t checked = 0;
    for (const auto& v : file.at("vectors")) {
        if (v.at("value_type") != "TypeNewDecimal (246)") continue;
        ++relevant;
        SCOPED_TRACE(trace_name(v));
        // vitess gives only the metadata: precision in the high byte, scale in the low.
        const auto meta = v.at("params").at("table_map_meta").get<std::uint16_t>();
        const auto bytes = test::from_hex(v.at("hex").get<std::string>());
        check_vector(bytes, decimal_precision_from_meta(meta), decimal_scale_from_meta(meta),
                     bytes.size(), v.at("expected").get<std::string>());
        test::mark_checked("vitess-rbr-cells.json", v);
        ++checked;
    }
    std::printf("vitess-rbr-cells.json: %zu NEWDECIMAL vectors checked, 0 excluded\n", checked);
    EXPECT_EQ(checked, relevant);
    EXPECT_EQ(relevant, 4U);
}

// An encoder written from the format description, for boundary values the vectors lack.
std::vector<std::byte> encode(bool negative, const std::string& int_digits,
                              const std::string& frac_digits) {
    static constexpr unsigned kLeftover[] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
    std::vector<std::uint8_t> out;
    auto put = [&](const std::string& digits, unsigned nbytes) {
        std::uint32_t v = digits.empty() ? 0 : static_cast<std::uint32_t>(std::stoul(digits));
        for (unsigned i = nbytes; i > 0; --i)
            out.push_back((v >> (8 * (i - 1))) & 0xff);
    };
    const std::size_t lead = int_digits.size() % 9;
    if (lead != 0) put(int_digits.substr(0, lead), kLeftover[lead]);
    for (std::size_t i = lead; i < int_digits.size(); i += 9)
        put(int_digits.substr(i, 9), 4);
    const std::size_t full = frac_digits.size() / 9 * 9;
    for (std::size_t i = 0; i < full; i += 9)
        put(frac_digits.substr(i, 9), 4);
    if (full < frac_digits.size()) {
        put(frac_digits.substr(full), kLeftover[frac_digits.size() - full]);
    }
    out[0] ^= 0x80;
    std::vector<std::byte> bytes;
    for (auto b : out)
        bytes.push_back(static_cast<std::byte>(negative ? b ^ 0xff : b));
    return bytes;
}

TEST(Decimal, BinarySize) {
    EXPECT_EQ(decimal_binary_size(1, 0), 1U);
    EXPECT_EQ(decimal_binary_size(1, 1), 1U);
    EXPECT_EQ(decimal_binary_size(4, 2), 2U);
    EXPECT_EQ(decimal_binary_size(9, 0), 4U);
    EXPECT_EQ(decimal_binary_size(10, 0), 5U);
    EXPECT_EQ(decimal_binary_size(18, 9), 8U);
    EXPECT_EQ(decimal_binary_size(65, 0), 29U);
    EXPECT_EQ(decimal_binary_size(65, 30), 30U);
    EXPECT_EQ(decimal_binary_size(30, 30), 14U);
    EXPECT_EQ(decimal_binary_size(0, 0), 0U);
    EXPECT_EQ(decimal_binary_size(66, 0), 0U);
    EXPECT_EQ(decimal_binary_size(5, 6), 0U);
    EXPECT_EQ(decimal_binary_size(40, 39), 0U);
    EXPECT_EQ(decimal_binary_size(38, 38), 17U);  // MariaDB allows scale up to 38
}

TEST(Decimal, RejectsInvalidDeclaration) {
    const std::vector<std::byte> bytes(64, std::byte{0x80});
    for (auto [p, s] : {std::pair{0U, 0U}, {66U, 0U}, {5U, 6U}, {40U, 39U}, {65U, 39U}}) {
        SCOPED_TRACE(testing::Message() << "DECIMAL(" << p << "," << s << ")");
        const Decoded d = decode(bytes, p, s);
        EXPECT_FALSE(d.ok);
        EXPECT_EQ(d.errc, Errc::bad_value);
    }
}

TEST(Decimal, RejectsOutOfRangeGroup) {
    // DECIMAL(9,0) whose one 4-byte group holds 1000000000.
    EXPECT_EQ(decode(test::from_hex("bb9aca00"), 9, 0).errc, Errc::bad_value);
    // DECIMAL(2,0) whose 1-byte leftover group holds 100.
    EXPECT_EQ(decode(test::from_hex("e4"), 2, 0).errc, Errc::bad_value);
    // DECIMAL(4,2) whose fraction group holds 100 (negative, so inverted).
    EXPECT_EQ(decode(test::from_hex("7f9b"), 4, 2).errc, Errc::bad_value);
    // Largest legal values decode.
    EXPECT_EQ(decode(test::from_hex("bb9ac9ff"), 9, 0).text, "999999999");
    EXPECT_EQ(decode(test::from_hex("e3"), 2, 0).text, "99");
}

TEST(Decimal, NegativeZeroPrintsAsZero) {
    EXPECT_EQ(decode(test::from_hex("8000"), 4, 2).text, "0.00");
    EXPECT_EQ(decode(test::from_hex("7fff"), 4, 2).text, "0.00");
    EXPECT_EQ(decode(encode(true, "0", ""), 1, 0).text, "0");
    EXPECT_EQ(decode(encode(true, "", "000"), 3, 3).text, "0.000");
}

TEST(Decimal, Boundaries) {
    const std::string nines35(35, '9');
    const std::string nines30(30, '9');
    const std::string nines65(65, '9');
    struct Case {
        unsigned p, s;
        bool neg;
        std::string intg, frac, text;
    };
    const std::vector<Case> cases = {
        {65, 30, false, nines35, nines30, nines35 + "." + nines30},
        {65, 30, true, nines35, nines30, "-" + nines35 + "." + nines30},
        {65, 0, false, nines65, "", nines65},
        {65, 0, true, nines65, "", "-" + nines65},
        {65, 30, false, std::string(34, '0') + "1", std::string(29, '0') + "1",
         "1." + std::string(29, '0') + "1"},
        {65, 30, true, std::string(35, '0'), std::string(29, '0') + "1",
         "-0." + std::string(29, '0') + "1"},
        {1, 0, false, "9", "", "9"},
        {1, 0, true, "9", "", "-9"},
        {1, 1, false, "", "9", "0.9"},
        {1, 1, true, "", "5", "-0.5"},
        {30, 30, true, "", nines30, "-0." + nines30},
        {10, 1, false, "000000001", "0", "1.0"},
        {18, 9, true, "123456789", "000000001", "-123456789.000000001"},
        {19, 9, false, "1000000000", "100000000", "1000000000.100000000"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.text);
        const auto bytes = encode(c.neg, c.intg, c.frac);
        check_vector(bytes, c.p, c.s, bytes.size(), c.text);
    }
}

TEST(Decimal, AppendsAndConsumesOnlyItsBytes) {
    std::string out = "prefix:";
    const auto bytes = test::from_hex("75c87fff");  // DECIMAL(4,2) -10.55, then other bytes
    wire::ByteReader r(wire::Bytes(bytes.data(), bytes.size()));
    ASSERT_TRUE(decode_decimal(r, 4, 2, out).has_value());
    EXPECT_EQ(out, "prefix:-10.55");
    EXPECT_EQ(r.offset(), 2U);
    ASSERT_TRUE(decode_decimal(r, 4, 2, out).has_value());
    EXPECT_EQ(out, "prefix:-10.550.00");  // 7fff is a negative zero
}

}  // namespace
}  // namespace b2k::binlog
