// Binary JSON → MySQL text, driven by every JSONB vector of the shared sets.
//
// The vectors' expected values follow their sources' conventions; each mapping to ours is named
// where it is applied:
//   go-mysql-json-text.json   MySQL text; the hand-built documents are written compact (no
//                             spaces after ',' and ':'), so they are compared after putting
//                             MySQL's ", " and ": " back (respace) — everything else, number text
//                             included, exactly. The 90 doubles were captured from MySQL 8.0.45.
//   MySqlCdc-json.json        JSON values, key order as the peer inserted them: compared as JSON
//                             values, and our key order checked against MySQL's rule separately;
//                             DECIMAL as a quoted string (ours: number text), temporals with
//                             milliseconds (ours: microseconds), opaque binary without MySQL's
//                             "base64:type15:" prefix.
//   mysql-binlog-connector-java-events.json  substrings that must (not) appear.
//   vitess-rbr-cells.json     MySQL text exactly (cell = 2- or 4-byte length + document).

#include "binlog/json_binary.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "support/vector_ledger.h"
#include "support/vectors.h"

namespace b2k::binlog {
namespace {

using nlohmann::json;
using test::from_hex;
using test::load_json;
using test::vector_path;

wire::Bytes as_span(const std::vector<std::byte>& v) {
    return {v.data(), v.size()};
}

std::string render_ok(const std::vector<std::byte>& doc) {
    std::string out;
    auto r = json_binary_to_text(as_span(doc), out);
    EXPECT_TRUE(r) << r.error().message;
    return out;
}

// Inserts MySQL's space after ',' and ':' outside strings of a compact JSON text.
std::string respace(std::string_view compact) {
    std::string out;
    bool in_string = false;
    for (std::size_t i = 0; i < compact.size(); ++i) {
        const char c = compact[i];
        out.push_back(c);
        if (in_string) {
            if (c == '\\' && i + 1 < compact.size()) {
                out.push_back(compact[++i]);
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == ',' || c == ':') {
            out.push_back(' ');
        }
    }
    return out;
}

// MySQL's object key order: shorter first, then bytewise.
bool mysql_key_less(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return a.size() < b.size();
    return std::memcmp(a.data(), b.data(), a.size()) < 0;
}

void expect_mysql_key_order(const nlohmann::ordered_json& j, const std::string& where) {
    if (j.is_object()) {
        const std::string* prev = nullptr;
        for (const auto& [k, v] : j.items()) {
            if (prev != nullptr) {
                EXPECT_TRUE(mysql_key_less(*prev, k))
                    << where << ": \"" << *prev << "\" before \"" << k << "\"";
            }
            prev = &k;
            expect_mysql_key_order(v, where + "." + k);
        }
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) {
            expect_mysql_key_order(j[i], where + "[" + std::to_string(i) + "]");
        }
    }
}

// Storage type names of MySqlCdc/json-complex-expected-types.jsonc.
void expect_types(const JsonbValue& v, const json& t, const std::string& where) {
    SCOPED_TRACE(where);
    if (t.is_object()) {
        ASSERT_EQ(v.kind(), JsonKind::object);
        ASSERT_EQ(v.size(), t.size());
        for (std::size_t i = 0; i < v.size(); ++i) {
            auto key = v.key(i);
            auto child = v.element(i);
            ASSERT_TRUE(key && child);
            const std::string k(key.value());
            ASSERT_TRUE(t.contains(k)) << k;
            expect_types(child.value(), t.at(k), where + "." + k);
        }
        return;
    }
    if (t.is_array()) {
        ASSERT_EQ(v.kind(), JsonKind::array);
        ASSERT_EQ(v.size(), t.size());
        for (std::size_t i = 0; i < v.size(); ++i) {
            auto child = v.element(i);
            ASSERT_TRUE(child);
            expect_types(child.value(), t[i], where + "[" + std::to_string(i) + "]");
        }
        return;
    }
    const std::string name = t.get<std::string>();
    if (name == "null") {
        EXPECT_EQ(v.kind(), JsonKind::null_literal);
        EXPECT_EQ(v.type(), JsonbType::JSONB_TYPE_LITERAL);
    } else if (name == "bool") {
        EXPECT_TRUE(v.kind() == JsonKind::true_literal || v.kind() == JsonKind::false_literal);
        EXPECT_EQ(v.type(), JsonbType::JSONB_TYPE_LITERAL);
    } else if (name == "Int16") {
        EXPECT_EQ(v.type(), JsonbType::JSONB_TYPE_INT16);
    } else if (name == "UInt16") {
        EXPECT_EQ(v.type(), JsonbType::JSONB_TYPE_UINT16);
    } else if (name == "Int32") {
        EXPECT_EQ(v.type(), JsonbType::JSONB_TYPE_INT32);
    } else if (name == "UInt32") {
        EXPECT_EQ(v.type(), JsonbType::JSONB_TYPE_UINT32);
    } else if (name == "Int64") {
        EXPECT_EQ(v.type(), JsonbType::JSONB_TYPE_INT64);
    } else if (name == "UInt64") {
        EXPECT_EQ(v.type(), JsonbType::JSONB_TYPE_UINT64);
    } else if (name == "double") {
        EXPECT_EQ(v.type(), JsonbType::JSONB_TYPE_DOUBLE);
    } else if (name == "string") {
        EXPECT_EQ(v.type(), JsonbType::JSONB_TYPE_STRING);
    } else {
        ADD_FAILURE() << "unknown type name " << name;
    }
}

std::string unquote(const std::string& s) {
    EXPECT_GE(s.size(), 2u);
    EXPECT_EQ(s.front(), '"');
    EXPECT_EQ(s.back(), '"');
    return s.size() >= 2 ? s.substr(1, s.size() - 2) : s;
}

// Every document of every JSONB vector, for the hostile-input tests.
std::vector<std::vector<std::byte>> all_vector_documents() {
    std::vector<std::vector<std::byte>> docs;
    const json go = load_json(vector_path("go-mysql-json-text.json"));
    for (const auto& v : go.at("vectors")) {
        if (!v.at("hex").is_null()) docs.push_back(from_hex(v.at("hex").get<std::string>()));
    }
    const json cdc = load_json(vector_path("MySqlCdc-json.json"));
    for (const auto& v : cdc.at("vectors")) {
        docs.push_back(from_hex(v.at("hex").get<std::string>()));
    }
    const json java = load_json(vector_path("mysql-binlog-connector-java-events.json"));
    for (const auto& v : java.at("vectors")) {
        if (v.at("event_type").get<std::string>().starts_with("JSONB")) {
            docs.push_back(from_hex(v.at("hex").get<std::string>()));
        }
    }
    const json vitess = load_json(vector_path("vitess-rbr-cells.json"));
    for (const auto& v : vitess.at("vectors")) {
        if (v.value("value_type", "").starts_with("TypeJSON")) {
            const auto cell = from_hex(v.at("hex").get<std::string>());
            const auto meta = v.at("params").at("table_map_meta").get<std::size_t>();
            docs.emplace_back(cell.begin() + static_cast<std::ptrdiff_t>(meta), cell.end());
        }
    }
    return docs;
}

// --- Vector files --------------------------------------------------------------------------------

TEST(JsonBinaryVectors, GoMysqlJsonText) {
    const json file = load_json(vector_path("go-mysql-json-text.json"));
    const json& vectors = file.at("vectors");
    ASSERT_EQ(vectors.size(), file.at("about").at("count").get<std::size_t>());
    std::size_t checked = 0;
    std::size_t excluded = 0;
    for (const json& v : vectors) {
        const std::string type = v.at("event_type").get<std::string>();
        SCOPED_TRACE(v.at("source").get<std::string>() + " | " + type);
        if (v.at("hex").is_null()) {
            // Excluded: go-mysql's rendering of NaN/±Inf, which MySQL cannot store in JSON (no
            // bytes; we reject such a double as corrupt, see NanAndInfinityAreCorrupt).
            EXPECT_NE(type.find("NaN"), std::string::npos);
            ++excluded;
            continue;
        }
        const auto doc = from_hex(v.at("hex").get<std::string>());
        const json& expected = v.at("expected");
        std::string out = "prefix";
        auto r = json_binary_to_text(as_span(doc), out);
        if (expected.is_object()) {
            ASSERT_TRUE(expected.at("error").get<bool>());
            EXPECT_FALSE(r);
            EXPECT_EQ(out, "prefix");  // left as it was
        } else {
            ASSERT_TRUE(r) << r.error().message;
            EXPECT_EQ(out, "prefix" + respace(expected.get<std::string>()));
        }
        test::mark_checked("go-mysql-json-text.json", v);
        ++checked;
    }
    EXPECT_EQ(excluded, 1u);
    EXPECT_EQ(checked, vectors.size() - excluded);
}

TEST(JsonBinaryVectors, MySqlCdc) {
    const json file = load_json(vector_path("MySqlCdc-json.json"));
    const json& vectors = file.at("vectors");
    ASSERT_EQ(vectors.size(), file.at("about").at("count").get<std::size_t>());
    std::size_t checked = 0;
    for (const json& v : vectors) {
        const std::string test_name = v.value("test", "");
        SCOPED_TRACE(v.at("source").get<std::string>() + " | " + test_name);
        const auto doc = from_hex(v.at("hex").get<std::string>());
        const std::string out = render_ok(doc);
        const json& expected = v.at("expected");
        test::mark_checked("MySqlCdc-json.json", v);
        ++checked;

        if (v.contains("expected_file")) {
            // The large mixed document: values compared as JSON, plus the storage type of every
            // value against the types file, plus MySQL's key order.
            const json want = load_json(vector_path(v.at("expected_file").get<std::string>()));
            const json got = json::parse(out);
            EXPECT_EQ(got, want);
            EXPECT_EQ(got, expected);
            expect_mysql_key_order(nlohmann::ordered_json::parse(out), "$");
            EXPECT_NE(out.find("\"double\": 12345678.87654321,"), std::string::npos);
            const json types =
                load_json(vector_path(v.at("expected_types_file").get<std::string>()));
            auto root = JsonbValue::parse_document(as_span(doc));
            ASSERT_TRUE(root);
            expect_types(root.value(), types, "$");
            continue;
        }
        if (expected.is_object()) {
            // MySqlCdc cannot decode a negative TIME; MySQL stores the SQL's
            // CAST('-23:24:25.0237' AS TIME(3)) as -23:24:25.024.
            ASSERT_EQ(test_name, "Test_OpaqueTime");
            EXPECT_EQ(out, "\"-23:24:25.024000\"");
            continue;
        }
        const std::string want = expected.get<std::string>();
        if (test_name == "Test_OpaqueDecimal") {
            EXPECT_EQ(out, unquote(want));  // MySQL prints a JSON DECIMAL as a number
        } else if (test_name == "Test_OpaqueDate") {
            EXPECT_EQ(out, want);
        } else if (test_name == "Test_OpaqueDateTime" || test_name == "Test_OpaqueTimeStamp" ||
                   test_name == "Test_OpaqueTime") {
            // MySqlCdc prints milliseconds (truncated); MySQL six digits.
            const std::size_t dot = out.rfind('.');
            ASSERT_NE(dot, std::string::npos);
            EXPECT_EQ(out.size() - dot, 8u) << out;  // ".ffffff\""
            EXPECT_EQ(out.substr(0, dot + 4) + "\"", want);
        } else if (test_name == "Test_OpaqueBinary") {
            const auto opaque_type = v.at("research_decoded").at("opaque_type").get<int>();
            EXPECT_EQ(out,
                      "\"base64:type" + std::to_string(opaque_type) + ":" + unquote(want) + "\"");
        } else {
            EXPECT_EQ(json::parse(out), json::parse(want)) << out;
            expect_mysql_key_order(nlohmann::ordered_json::parse(out), "$");
        }
    }
    EXPECT_EQ(checked, vectors.size());
}

TEST(JsonBinaryVectors, MySqlCdcExactMySqlText) {
    // The same server-captured documents, in MySQL's own rendering (six fraction digits).
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"0f0c0800000019761f9519", "\"2015-01-15 23:24:25.000000\""},
        {"0f0c08c0d40119761f9519", "\"2015-01-15 23:24:25.120000\""},
        {"0f0c08945c0019761f9519", "\"2015-01-15 23:24:25.023700\""},
        {"0f0b080000001976010000", "\"23:24:25.000000\""},
        {"0f0b08c05d001976010000", "\"23:24:25.024000\""},
        {"0f0f02cafe", "\"base64:type15:yv4=\""},
        {"0003003900190002001b0004001f0005000501000c2400022b0069646e616d657479706573034d6f6e6963"
         "6102000e000501000c0a0003313233",
         "{\"id\": 1, \"name\": \"Mon\", \"types\": [1, \"123\"]}"},
        {"0002003900190002001f000500050100022b00000c2400022b0069646e616d657479706573064d6f6e6963"
         "6102000e000501000c0a0003313233",
         "{\"id\": 1, \"types\": [1, \"123\"]}"},
    };
    for (const auto& [hex, want] : cases) {
        SCOPED_TRACE(hex);
        EXPECT_EQ(render_ok(from_hex(hex)), want);
    }
}

TEST(JsonBinaryVectors, ConnectorJavaStaleBytes) {
    const json vectors =
        load_json(vector_path("mysql-binlog-connector-java-events.json")).at("vectors");
    std::size_t jsonb = 0;
    std::size_t checked = 0;
    for (const json& v : vectors) {
        if (!v.at("event_type").get<std::string>().starts_with("JSONB")) continue;
        ++jsonb;
        SCOPED_TRACE(v.at("source").get<std::string>());
        const std::string out = render_ok(from_hex(v.at("hex").get<std::string>()));
        const json& expected = v.at("expected");
        EXPECT_NE(out.find(expected.at("must_contain").get<std::string>()), std::string::npos);
        EXPECT_EQ(out.find(expected.at("must_not_contain").get<std::string>()), std::string::npos);
        // research_decoded (an independent re-decode, not upstream's assertion) as a value check.
        EXPECT_EQ(json::parse(out), v.at("research_decoded"));
        expect_mysql_key_order(nlohmann::ordered_json::parse(out), "$");
        test::mark_checked("mysql-binlog-connector-java-events.json", v);
        ++checked;
    }
    EXPECT_EQ(jsonb, 2u);
    EXPECT_EQ(checked, jsonb);
}

TEST(JsonBinaryVectors, VitessTypeJsonCells) {
    const json vectors = load_json(vector_path("vitess-rbr-cells.json")).at("vectors");
    std::size_t cells = 0;
    std::size_t checked = 0;
    for (const json& v : vectors) {
        if (!v.value("value_type", "").starts_with("TypeJSON")) continue;
        ++cells;
        SCOPED_TRACE(v.at("source").get<std::string>());
        const auto cell = from_hex(v.at("hex").get<std::string>());
        wire::ByteReader r(as_span(cell));
        const auto length = r.uint_le(v.at("params").at("table_map_meta").get<std::size_t>());
        const wire::Bytes doc = r.bytes(length);
        ASSERT_TRUE(r.finish("JSON cell"));
        std::string out;
        ASSERT_TRUE(json_binary_to_text(doc, out));
        EXPECT_EQ(out, v.at("expected").get<std::string>());
        test::mark_checked("vitess-rbr-cells.json", v);
        ++checked;
    }
    EXPECT_EQ(cells, 2u);
    EXPECT_EQ(checked, cells);
}

// --- Hand-built documents ------------------------------------------------------------------------

TEST(JsonBinary, EmptyValueIsJsonNull) {
    std::string out;
    ASSERT_TRUE(json_binary_to_text({}, out));
    EXPECT_EQ(out, "null");
}

TEST(JsonBinary, LargeObjectWithInlinedInt32AndUint32) {
    // Large object: count, size (4 bytes each), 4 key entries (offset 4 + length 2), 4 value
    // entries (type 1 + 4); keys at 52; the string at 56.
    const auto doc = from_hex(
        "01"
        "04000000 3a000000"
        "34000000 0100 35000000 0100 36000000 0100 37000000 0100"
        "07 fbffffff"  // int32 -5, inlined (large format only)
        "08 00286bee"  // uint32 4000000000, inlined
        "05 feff0000"  // int16 -2
        "0c 38000000"  // string at 56
        "61626364"     // keys
        "0178");
    EXPECT_EQ(render_ok(doc), "{\"a\": -5, \"b\": 4000000000, \"c\": -2, \"d\": \"x\"}");
}

TEST(JsonBinary, SmallArrayInt32IsNotInlined) {
    // [70000, -1]: int32 at offset 10 in the small format; int16 inlined.
    const auto doc = from_hex("02 0200 0e00 07 0a00 05 ffff 70110100");
    EXPECT_EQ(render_ok(doc), "[70000, -1]");
}

TEST(JsonBinary, FollowsOffsetsPastStaleBytes) {
    // {"a": "x"} with 3 stale bytes between the key and the string, as an in-place update
    // leaves them.
    const auto doc = from_hex("00 0100 1100 0b00 0100 0c 0f00 61 ffffff 0178");
    EXPECT_EQ(render_ok(doc), "{\"a\": \"x\"}");
}

TEST(JsonBinary, StringEscapingAsMySql) {
    // "\"\\/\b\f\n\r\t\x01\x1f\x7f é"
    const auto doc = from_hex("0c 10 225c2f080c0a0d09011f7f20c3a9 4142");
    EXPECT_EQ(render_ok(doc),
              "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f \xc3\xa9"
              "AB\"");
}

TEST(JsonBinary, OpaqueBase64WrapsLikeMySql) {
    // MySQL's base64_encode starts a new line after 76 characters; the text escapes it.
    std::string hex = "0ffc3a";  // BLOB, 58 bytes
    for (int i = 0; i < 58; ++i)
        hex += "00";
    const std::string out = render_ok(from_hex(hex));
    EXPECT_EQ(out, "\"base64:type252:" + std::string(76, 'A') + "\\nAA==\"");
    EXPECT_EQ(render_ok(from_hex("0ffc00")), "\"base64:type252:\"");
    std::string hex57 = "0ffc39";
    for (int i = 0; i < 57; ++i)
        hex57 += "ff";
    EXPECT_EQ(render_ok(from_hex(hex57)), "\"base64:type252:" + std::string(76, '/') + "\"");
}

TEST(JsonBinary, OpaqueDecimal) {
    EXPECT_EQ(render_ok(from_hex("0ff6050502807b2d")), "123.45");   // DECIMAL(5,2)
    EXPECT_EQ(render_ok(from_hex("0ff60505027f84d2")), "-123.45");  // negative: bytes inverted
    EXPECT_EQ(render_ok(from_hex("0ff603020285")), "0.05");         // DECIMAL(2,2)
    EXPECT_EQ(render_ok(from_hex("0ff6020000")), "0");              // precision 0: zero
    EXPECT_EQ(render_ok(from_hex("0ff603020081")), "1");            // DECIMAL(2,0)
    // DECIMAL(12,0) = 1000000000: a 3-digit leading group (2 bytes) then a 9-digit word.
    EXPECT_EQ(render_ok(from_hex("0ff608 0c00 8001 00000000")), "1000000000");
    std::string out;
    EXPECT_FALSE(json_binary_to_text(as_span(from_hex("0ff60505028bff2d")), out));  // 3071 > 999
    EXPECT_FALSE(json_binary_to_text(as_span(from_hex("0ff604050280 7b")), out));   // short
    EXPECT_FALSE(json_binary_to_text(as_span(from_hex("0ff604020580 7b")), out));   // scale>prec
    EXPECT_EQ(out, "");
}

std::string packed_hex(std::int64_t v) {
    std::string hex;
    static constexpr char kHex[] = "0123456789abcdef";
    auto u = static_cast<std::uint64_t>(v);
    for (int i = 0; i < 8; ++i, u >>= 8) {
        hex.push_back(kHex[(u >> 4) & 15]);
        hex.push_back(kHex[u & 15]);
    }
    return hex;
}

TEST(JsonBinary, OpaqueTemporals) {
    const std::int64_t hms = (838 << 12) | (59 << 6) | 59;
    EXPECT_EQ(render_ok(from_hex("0f0b08" + packed_hex(hms << 24))), "\"838:59:59.000000\"");
    EXPECT_EQ(render_ok(from_hex("0f0b08" + packed_hex(-((hms << 24) | 1)))),
              "\"-838:59:59.000001\"");
    // 2024-02-29 13:45:01.25 as DATETIME, TIMESTAMP and (date part) DATE.
    const std::int64_t ymd = ((2024LL * 13 + 2) << 5) | 29;
    const std::int64_t dt = (((ymd << 17) | (13 << 12) | (45 << 6) | 1) << 24) | 250000;
    EXPECT_EQ(render_ok(from_hex("0f0c08" + packed_hex(dt))), "\"2024-02-29 13:45:01.250000\"");
    EXPECT_EQ(render_ok(from_hex("0f0708" + packed_hex(dt))), "\"2024-02-29 13:45:01.250000\"");
    EXPECT_EQ(render_ok(from_hex("0f0a08" + packed_hex((ymd << 17) << 24))), "\"2024-02-29\"");
    std::string out;
    EXPECT_FALSE(json_binary_to_text(as_span(from_hex("0f0c0700000000000000")), out));
    // TIME2/DATETIME2 type codes are not MySQL's JSON temporals: base64 like any opaque value.
    EXPECT_EQ(render_ok(from_hex("0f1302abcd")), "\"base64:type19:q80=\"");
}

TEST(JsonBinary, DoublesAsMySql) {
    const std::vector<std::pair<double, std::string>> cases = {
        {0.0, "0.0"},
        {-0.0, "-0.0"},
        {1.0, "1.0"},
        {100.0, "100.0"},
        {1e15, "1e15"},
        {1e-15, "0.000000000000001"},
        {1e-16, "1e-16"},
        {-1.5e300, "-1.5e300"},
        {5e-324, "5e-324"},
        {999999999999999.0, "999999999999999.0"},
        {1234567890123456.8, "1234567890123456.8"},
        {1e16, "1e16"},
        {0.1 + 0.2, "0.30000000000000004"},
    };
    for (const auto& [d, want] : cases) {
        std::string out;
        append_mysql_json_double(out, d);
        EXPECT_EQ(out, want) << d;
    }
}

TEST(JsonBinary, NanAndInfinityAreCorrupt) {
    std::string out;
    EXPECT_FALSE(json_binary_to_text(as_span(from_hex("0b000000000000f87f")), out));  // NaN
    EXPECT_FALSE(json_binary_to_text(as_span(from_hex("0b000000000000f07f")), out));  // +Inf
    EXPECT_FALSE(json_binary_to_text(as_span(from_hex("0b000000000000f0ff")), out));  // -Inf
}

// Nested single-element small arrays: [[[...[]...]]] with `levels` arrays.
std::vector<std::byte> nested_arrays(int levels) {
    std::vector<std::byte> body = from_hex("0000 0400");  // the innermost []
    for (int i = 1; i < levels; ++i) {
        const std::size_t size = 7 + body.size();
        std::vector<std::byte> outer = {std::byte{1},         std::byte{0}, std::byte(size & 0xff),
                                        std::byte(size >> 8), std::byte{2}, std::byte{7},
                                        std::byte{0}};
        outer.insert(outer.end(), body.begin(), body.end());
        body = std::move(outer);
    }
    body.insert(body.begin(), std::byte{2});
    return body;
}

TEST(JsonBinary, DepthLimitIsMySqls) {
    std::string out = render_ok(nested_arrays(100));
    EXPECT_EQ(out, std::string(100, '[') + std::string(100, ']'));
    out.clear();
    auto r = json_binary_to_text(as_span(nested_arrays(101)), out);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::corrupt));
    EXPECT_EQ(out, "");
}

TEST(JsonBinary, OverlappingOffsetsCannotAmplify) {
    // 40 levels of [x, x] where both entries point at the same child: 2^40 values if followed
    // naively. The work budget (document size) stops it.
    std::vector<std::byte> body = from_hex("0000 0400");
    for (int i = 0; i < 40; ++i) {
        const std::size_t size = 10 + body.size();
        std::vector<std::byte> outer = {std::byte{2},         std::byte{0}, std::byte(size & 0xff),
                                        std::byte(size >> 8), std::byte{2}, std::byte{10},
                                        std::byte{0},         std::byte{2}, std::byte{10},
                                        std::byte{0}};
        outer.insert(outer.end(), body.begin(), body.end());
        body = std::move(outer);
    }
    body.insert(body.begin(), std::byte{2});
    std::string out;
    auto r = json_binary_to_text(as_span(body), out);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::corrupt));
}

TEST(JsonBinary, MalformedHeadersAreErrors) {
    const std::vector<std::string> bad = {
        "00",                                 // object without header
        "0001000800",                         // object declares 8 bytes, has 2
        "000100040000",                       // 1 entry does not fit in 4 bytes
        "0201000700 0c0700",                  // string offset 7 = size: outside
        "0403",                               // unknown literal
        "0d00",                               // unknown type
        "0c8080808010",                       // string length above UINT32_MAX
        "0c808080808001",                     // string length of 6 bytes
        "0c05616263",                         // string shorter than its length
        "0f",                                 // opaque without type
        "0ffc",                               // opaque without length
        "0ffc05ab",                           // opaque shorter than its length
        "0501",                               // int16 truncated
        "0b0000",                             // double truncated
        "00 0100 0b00 0a00 0500 05 0100 61",  // key of 5 bytes at offset 10 of 11
    };
    for (const auto& hex : bad) {
        SCOPED_TRACE(hex);
        std::string out = "x";
        EXPECT_FALSE(json_binary_to_text(as_span(from_hex(hex)), out));
        EXPECT_EQ(out, "x");
    }
}

// --- Hostile input -------------------------------------------------------------------------------

// Every prefix and many single-byte corruptions of every vector document: an error or valid JSON,
// never a crash (this binary runs under -fsanitize=address,undefined).
TEST(JsonBinaryHostile, TruncationsAndCorruptionsOfEveryVector) {
    const auto docs = all_vector_documents();
    ASSERT_GE(docs.size(), 190u);
    std::size_t ok = 0;
    std::size_t failed = 0;
    auto check = [&](wire::Bytes b) {
        std::string out;
        if (json_binary_to_text(b, out)) {
            ++ok;
            EXPECT_TRUE(json::accept(out)) << out;
        } else {
            ++failed;
            EXPECT_EQ(out, "");
        }
    };
    for (const auto& doc : docs) {
        for (std::size_t n = 0; n < doc.size(); ++n)
            check(as_span(doc).first(n));
        std::vector<std::byte> mutated = doc;
        for (std::size_t i = 0; i < doc.size(); ++i) {
            for (const unsigned x :
                 {0x00u, 0x01u, 0x7fu, 0x80u, 0xffu, static_cast<unsigned>(doc[i]) ^ 0x04u}) {
                mutated[i] = static_cast<std::byte>(x);
                check(as_span(mutated));
            }
            mutated[i] = doc[i];
        }
    }
    EXPECT_GT(ok, 0u);
    EXPECT_GT(failed, 0u);
}

}  // namespace
}  // namespace b2k::binlog
