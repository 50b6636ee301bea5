// Partial JSON updates: parsing one column's diff list and applying it to the before-image.
//
// Server-captured data: the 11 PARTIAL_UPDATE_ROWS events of vitess-partial-update-rows.json
// (MySQL 8.0.40) and go-mysql-events.json's PARTIAL_UPDATE_ROWS after-image. Without the
// rows-event decoder (tested at event level elsewhere) the rows are located here by a small
// parser that knows the one table they use: customer(customer_id BIGINT, email VARBINARY(128),
// jd JSON). Mapping of the vectors' expectations: mysqlbinlog -vvv prints a diff list as nested
// JSON_REPLACE/JSON_INSERT/JSON_REMOVE calls on @3 (consecutive diffs with the same operation
// share one call, JSON strings as SQL strings) — we rebuild that text from our parsed diffs and
// compare exactly. The applied after-images are compared with MySQL's text of the result, written
// out below from the before-image and the mysqlbinlog expression, and where a later event's
// before-image holds the same row, with the server's own bytes.

#include "binlog/json_diff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "binlog/json_binary.h"
#include "support/vector_ledger.h"
#include "support/vectors.h"

namespace b2k::binlog {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using test::from_hex;
using test::load_json;
using test::vector_path;

wire::Bytes as_span(const std::vector<std::byte>& v) {
    return {v.data(), v.size()};
}
wire::Bytes as_span(const std::string& s) {
    return wire::as_bytes(s);
}

std::string hex_of(const std::string& s) {
    const wire::Bytes b = as_span(s);
    return test::to_hex(std::vector<std::byte>(b.begin(), b.end()));
}

std::string text_of(wire::Bytes doc) {
    std::string out;
    auto r = json_binary_to_text(doc, out);
    EXPECT_TRUE(r) << r.error().message;
    return out;
}

// --- A binary JSON writer for test inputs (small format, laid out as MySQL does) ----------------

bool mysql_key_less(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return a.size() < b.size();
    return std::memcmp(a.data(), b.data(), a.size()) < 0;
}

void put_le(std::string& out, std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i, v >>= 8)
        out.push_back(static_cast<char>(v & 0xff));
}

// Encodes j; `type` receives its type byte, the return value its bytes.
std::string encode(const ordered_json& j, std::uint8_t& type) {
    std::string body;
    if (j.is_null() || j.is_boolean()) {
        type = 0x04;
        body.push_back(static_cast<char>(j.is_null() ? 0 : (j.get<bool>() ? 1 : 2)));
    } else if (j.is_number_unsigned() && j.get<std::uint64_t>() > INT64_MAX) {
        type = 0x0a;
        put_le(body, j.get<std::uint64_t>(), 8);
    } else if (j.is_number_integer()) {
        const auto v = j.get<std::int64_t>();
        if (v >= INT16_MIN && v <= INT16_MAX) {
            type = 0x05;
            put_le(body, static_cast<std::uint64_t>(v), 2);
        } else if (v >= INT32_MIN && v <= INT32_MAX) {
            type = 0x07;
            put_le(body, static_cast<std::uint64_t>(v), 4);
        } else {
            type = 0x09;
            put_le(body, static_cast<std::uint64_t>(v), 8);
        }
    } else if (j.is_number_float()) {
        type = 0x0b;
        double d = j.get<double>();
        std::uint64_t bits = 0;
        std::memcpy(&bits, &d, 8);
        put_le(body, bits, 8);
    } else if (j.is_string()) {
        type = 0x0c;
        const auto& s = j.get_ref<const std::string&>();
        std::size_t n = s.size();
        do {
            const auto b = static_cast<unsigned char>(n & 0x7f);
            n >>= 7;
            body.push_back(static_cast<char>(n ? (b | 0x80) : b));
        } while (n);
        body += s;
    } else {
        const bool object = j.is_object();
        type = object ? 0x00 : 0x02;
        std::vector<std::pair<std::string, const ordered_json*>> items;
        if (object) {
            for (const auto& [k, v] : j.items())
                items.emplace_back(k, &v);
            std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
                return mysql_key_less(a.first, b.first);
            });
        } else {
            for (const auto& v : j)
                items.emplace_back("", &v);
        }
        const std::size_t n = items.size();
        const std::size_t header = 4 + (object ? n * 4 : 0) + n * 3;
        std::string keys;
        std::string key_entries;
        for (const auto& item : items) {
            if (!object) break;
            put_le(key_entries, header + keys.size(), 2);
            put_le(key_entries, item.first.size(), 2);
            keys += item.first;
        }
        std::string values;
        std::string value_entries;
        const std::size_t values_start = header + keys.size();
        for (const auto& item : items) {
            std::uint8_t t = 0;
            const std::string b = encode(*item.second, t);
            value_entries.push_back(static_cast<char>(t));
            if (t == 0x04 || t == 0x05 || t == 0x06) {
                value_entries += b;
                if (b.size() < 2) value_entries.push_back('\0');
            } else {
                put_le(value_entries, values_start + values.size(), 2);
                values += b;
            }
        }
        put_le(body, n, 2);
        put_le(body, values_start + values.size(), 2);
        body += key_entries + value_entries + keys + values;
    }
    return body;
}

// The document bytes of j.
std::string jsonb(const ordered_json& j) {
    std::uint8_t type = 0;
    std::string body = encode(j, type);
    return std::string(1, static_cast<char>(type)) + body;
}

// One diff as MySQL writes it (Json_diff::write_binary).
std::string diff_bytes(int op, std::string_view path, const std::string& value = {}) {
    auto lenenc = [](std::string& out, std::size_t n) {
        if (n < 251) {
            out.push_back(static_cast<char>(n));
        } else {
            out.push_back(static_cast<char>(0xfc));
            put_le(out, n, 2);
        }
    };
    std::string out(1, static_cast<char>(op));
    lenenc(out, path.size());
    out += path;
    if (op != 2) {
        lenenc(out, value.size());
        out += value;
    }
    return out;
}

// A partial JSON column: 4-byte length then the diffs.
std::string column_bytes(const std::vector<std::string>& diffs) {
    std::string body;
    for (const auto& d : diffs)
        body += d;
    std::string out;
    put_le(out, body.size(), 4);
    return out + body;
}

std::vector<JsonDiff> parse_ok(const std::string& column) {
    wire::ByteReader r(as_span(column));
    auto diffs = parse_json_diffs(r);
    EXPECT_TRUE(diffs) << diffs.error().message;
    EXPECT_TRUE(r.finish("column"));
    return diffs ? diffs.value() : std::vector<JsonDiff>{};
}

std::string apply_ok(const ordered_json& before, const std::vector<std::string>& diffs) {
    const std::string doc = jsonb(before);
    const std::string column = column_bytes(diffs);
    const auto parsed = parse_ok(column);
    std::string out;
    auto r = apply_json_diffs(as_span(doc), parsed, out);
    EXPECT_TRUE(r) << r.error().message;
    return out;
}

Error apply_error(const ordered_json& before, const std::vector<std::string>& diffs) {
    const std::string doc = jsonb(before);
    const std::string column = column_bytes(diffs);
    const auto parsed = parse_ok(column);
    std::string out = "kept";
    auto r = apply_json_diffs(as_span(doc), parsed, out);
    EXPECT_FALSE(r);
    EXPECT_EQ(out, "kept");
    return r ? Error{} : r.error();
}

// --- Server-captured events --------------------------------------------------------------------

// One row of a PARTIAL_UPDATE_ROWS event on vt_commerce.customer.
struct CustomerRow {
    bool before_null = false;
    wire::Bytes before;  // the JSON column's before-image value
    bool after_null = false;
    bool after_partial = false;
    std::vector<JsonDiff> diffs;
    wire::Bytes after;  // full after-image value when not partial
};

// Just enough of the rows-event layout (libbinlogevents rows_event.h) for this one table: common
// header, table id and flags, extra data, column count and the two column bitmaps, then rows of
// (null bitmap, values) before and (value_options, partial bitmap when value_options has
// PARTIAL_JSON_UPDATES, null bitmap, values) after.
std::vector<CustomerRow> customer_rows(const std::vector<std::byte>& event) {
    std::vector<CustomerRow> rows;
    wire::ByteReader r(as_span(event));
    r.skip(19 + 6 + 2);
    const std::uint16_t extra = r.u16le();
    r.skip(extra - 2u);
    EXPECT_EQ(r.lenenc_int(), 3u);
    r.skip(2);  // all three columns in both images
    auto values = [&](std::uint8_t nulls, bool& json_null) {
        if (!(nulls & 1)) r.skip(8);
        if (!(nulls & 2)) r.skip(r.u8());
        json_null = (nulls & 4) != 0;
    };
    while (r.ok() && !r.empty()) {
        CustomerRow row;
        values(r.u8(), row.before_null);
        if (!row.before_null) row.before = r.bytes(r.u32le());
        const std::uint64_t value_options = r.lenenc_int();
        const std::uint8_t partial = (value_options & 1) ? r.u8() : 0;
        values(r.u8(), row.after_null);
        row.after_partial = (partial & 1) != 0;
        if (!row.after_null && row.after_partial) {
            auto diffs = parse_json_diffs(r);
            EXPECT_TRUE(diffs) << diffs.error().message;
            if (!diffs) break;
            row.diffs = std::move(diffs).value();
        } else if (!row.after_null) {
            row.after = r.bytes(r.u32le());
        }
        rows.push_back(std::move(row));
    }
    EXPECT_TRUE(r.finish("PARTIAL_UPDATE_ROWS_EVENT"));
    return rows;
}

// mysqlbinlog -vvv's rendering of a diff list applied to column 3.
std::string mysqlbinlog_text(const std::vector<JsonDiff>& diffs) {
    std::string expr = "@3";
    for (std::size_t i = 0; i < diffs.size();) {
        const JsonDiff::Op op = diffs[i].op;
        std::string call = op == JsonDiff::Op::replace  ? "JSON_REPLACE("
                           : op == JsonDiff::Op::insert ? "JSON_INSERT("
                                                        : "JSON_REMOVE(";
        call += expr;
        for (; i < diffs.size() && diffs[i].op == op; ++i) {
            call += ", '" + std::string(diffs[i].path) + "'";
            if (op == JsonDiff::Op::remove) continue;
            auto v = JsonbValue::parse_document(diffs[i].value);
            EXPECT_TRUE(v);
            if (v && v.value().kind() == JsonKind::string) {
                call += ", '" + std::string(v.value().string_value()) + "'";
            } else {
                call += ", " + text_of(diffs[i].value);
            }
        }
        expr = call + ")";
    }
    return expr;
}

std::string case_name(const json& v) {
    std::smatch m;
    const std::string source = v.at("source").get<std::string>();
    EXPECT_TRUE(std::regex_search(source, m, std::regex("case '([^']*)'")));
    return m.size() > 1 ? m[1].str() : "";
}

// MySQL's text of each row's after-image: the before-image with the logged operations applied.
const std::map<std::string, std::vector<std::string>>& expected_after_images() {
    static const std::map<std::string, std::vector<std::string>> expected = {
        {"INSERT",
         {R"({"role": "manager", "salary": 100})", R"({"role": "manager", "salary": 99})",
          R"({"role": "manager", "salary": 99})", R"({"role": "manager", "salary": 99})",
          R"({"role": "manager", "salary": 100})"}},
        {"REPLACE", {R"({"role": "IC", "salary": 100})"}},
        {"REMOVE", {R"({"role": "manager"})"}},
        {"REMOVE and REPLACE",
         {R"({"day": "monday", "role": "manager", "color": "red", "salary": 100})",
          R"({"day": "monday", "role": "manager", "color": "red", "salary": 99})",
          R"({"day": "monday", "role": "manager", "color": "red", "salary": 99})",
          R"({"day": "monday", "role": "manager", "color": "red", "salary": 99})",
          R"({"day": "monday", "role": "manager", "color": "red", "salary": 100})"}},
        {"INSERT and REMOVE and REPLACE",
         {R"({"day": "tuesday", "role": "manager", "hobby": "skiing", "salary": 99})"}},
        {"REPLACE with null", {R"({"role": "manager", "salary": null})"}},
        {"REPLACE 2 paths", {R"({"role": "IC", "salary": 110})"}},
        {"JSON null", {"null"}},
        {"null literal string", {R"("null")"}},
        {"JSON object",
         {R"({"day": "wednesday", "misc": "{\"address\":\"1012 S Park\", \"town\":\"Hastings\", \"state\":\"MI\"}", "role": "manager", "color": "red", "salary": 100})"}},
        {"JSON field not updated",
         {R"({"day": "friday", "role": "manager", "color": "red", "salary": 100, "favorite_color": "black"})",
          R"({"day": "friday", "role": "manager", "color": "red", "salary": 99, "favorite_color": "black"})",
          R"({"day": "monday", "role": "manager", "color": "red", "hobby": "skiing", "salary": 99})",
          R"({"day": "friday", "role": "manager", "color": "red", "salary": 99, "favorite_color": "black"})",
          R"({"day": "friday", "role": "manager", "color": "red", "salary": 100, "favorite_color": "black"})"}},
    };
    return expected;
}

TEST(JsonDiffVectors, VitessPartialUpdateRows) {
    const json file = load_json(vector_path("vitess-partial-update-rows.json"));
    const json& vectors = file.at("vectors");
    ASSERT_EQ(vectors.size(), file.at("about").at("count").get<std::size_t>());
    std::map<std::string, std::vector<std::string>> applied;      // case → after text per row
    std::map<std::string, std::vector<std::string>> before_text;  // case → before text per row
    std::size_t checked = 0;
    std::size_t diff_rows = 0;
    for (const json& v : vectors) {
        const std::string name = case_name(v);
        SCOPED_TRACE(v.at("source").get<std::string>());
        const auto event = from_hex(v.at("hex").get<std::string>());
        const auto rows = customer_rows(event);
        const json& expected = v.at("expected");
        const json& research = v.at("research_decoded").at("rows");
        ASSERT_EQ(rows.size(), expected.at("num_rows").get<std::size_t>());
        ASSERT_EQ(rows.size(), research.size());
        ASSERT_TRUE(expected_after_images().contains(name)) << name;
        const auto& want_after = expected_after_images().at(name);
        ASSERT_EQ(want_after.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            SCOPED_TRACE("row " + std::to_string(i));
            const CustomerRow& row = rows[i];
            const json& research_after = research[i].at("after")[2];
            before_text[name].push_back(row.before_null ? "NULL" : text_of(row.before));
            std::string after;
            if (row.after_partial) {
                ++diff_rows;
                // The operations, as mysqlbinlog -vvv printed them.
                const std::string binlog_text =
                    expected.at("mysqlbinlog_after_image_json")[i].get<std::string>();
                if (row.diffs.empty()) {
                    EXPECT_EQ(binlog_text, "@3 (unchanged; empty diff)");
                } else {
                    EXPECT_EQ(mysqlbinlog_text(row.diffs), binlog_text);
                }
                // ...and as the independent re-decode lists them.
                const json& research_diffs = research_after.at("json_diff");
                ASSERT_EQ(research_diffs.size(), row.diffs.size());
                for (std::size_t k = 0; k < row.diffs.size(); ++k) {
                    std::string op(json_diff_op_name(row.diffs[k].op));
                    std::transform(op.begin(), op.end(), op.begin(),
                                   [](char c) { return static_cast<char>(std::toupper(c)); });
                    EXPECT_EQ(research_diffs[k][0], op);
                    EXPECT_EQ(research_diffs[k][1], std::string(row.diffs[k].path));
                    if (row.diffs[k].op != JsonDiff::Op::remove) {
                        EXPECT_EQ(json::parse(text_of(row.diffs[k].value)), research_diffs[k][2]);
                    }
                }
                ASSERT_FALSE(row.before_null);
                auto r = apply_json_diffs(row.before, row.diffs, after);
                ASSERT_TRUE(r) << r.error().message;

                std::string as_diffs;
                ASSERT_TRUE(json_diffs_to_text(row.diffs, as_diffs));
                EXPECT_TRUE(json::accept(as_diffs)) << as_diffs;
            } else {
                ASSERT_FALSE(row.after_null);
                after = text_of(row.after);
                EXPECT_EQ(json::parse(after), research_after);
            }
            EXPECT_EQ(after, want_after[i]);
            applied[name].push_back(after);
        }
        test::mark_checked("vitess-partial-update-rows.json", v);
        ++checked;
    }
    EXPECT_EQ(checked, vectors.size());
    EXPECT_EQ(diff_rows, 21u);
    // Where a later event's before-image holds the row our diff produced, the server's own bytes
    // must render to the same text.
    EXPECT_EQ(applied["INSERT"][0], before_text["REPLACE"][0]);  // alice
    EXPECT_EQ(applied["INSERT"][1], before_text["REMOVE"][0]);   // bob
    EXPECT_EQ(applied["JSON field not updated"], before_text["JSON field not updated"]);
}

TEST(JsonDiffVectors, VitessDiffsAsJsonDiffText) {
    const json file = load_json(vector_path("vitess-partial-update-rows.json"));
    for (const json& v : file.at("vectors")) {
        if (case_name(v) != "INSERT and REMOVE and REPLACE") continue;
        const auto event = from_hex(v.at("hex").get<std::string>());
        const auto rows = customer_rows(event);
        ASSERT_EQ(rows.size(), 1u);
        std::string out;
        ASSERT_TRUE(json_diffs_to_text(rows[0].diffs, out));
        EXPECT_EQ(out, R"({"$json_diff": [{"op": "replace", "path": "$.day", "value": "tuesday"}, )"
                       R"({"op": "remove", "path": "$.favorite_color"}, )"
                       R"({"op": "insert", "path": "$.hobby", "value": "skiing"}]})");
        return;
    }
    FAIL() << "case 'INSERT and REMOVE and REPLACE' not found";
}

TEST(JsonDiffVectors, GoMysqlEmptyDiffsInAfterImage) {
    // An after-image row (not a whole event) whose three JSON columns carry empty diff lists:
    // value_options, partial bitmap, null bitmap, INT, INT, 3 × JSON, 2 × DATETIME2(0), INT.
    const json file = load_json(vector_path("go-mysql-events.json"));
    std::size_t found = 0;
    for (const json& v : file.at("vectors")) {
        if (v.at("event_type").get<std::string>().find("PARTIAL_UPDATE_ROWS") ==
            std::string::npos) {
            continue;
        }
        ++found;
        SCOPED_TRACE(v.at("source").get<std::string>());
        const auto row = from_hex(v.at("hex").get<std::string>());
        wire::ByteReader r(as_span(row));
        EXPECT_EQ(r.lenenc_int(), 1u);  // PARTIAL_JSON_UPDATES
        EXPECT_EQ(r.u8(), 0x07);        // all three JSON columns partial
        EXPECT_EQ(r.u8(), 0x00);        // no NULLs
        EXPECT_EQ(r.u32le(), 994294u);
        EXPECT_EQ(r.u32le(), 38842347u);
        for (int c = 0; c < 3; ++c) {
            auto diffs = parse_json_diffs(r);
            ASSERT_TRUE(diffs) << diffs.error().message;
            EXPECT_TRUE(diffs.value().empty());
            // An empty list leaves the before-image as it was.
            const std::string before = jsonb(ordered_json::parse(R"({"k": [1, "v"]})"));
            std::string out;
            ASSERT_TRUE(apply_json_diffs(as_span(before), diffs.value(), out));
            EXPECT_EQ(out, R"({"k": [1, "v"]})");
        }
        r.skip(5 + 5);
        EXPECT_EQ(r.u32le(), 4404u);
        EXPECT_EQ(r.offset(), v.at("expected").at("bytes_consumed").get<std::size_t>());
        test::mark_checked("go-mysql-events.json", v);
    }
    EXPECT_EQ(found, 1u);
}

// --- Semantics (MySQL's apply_json_diff) -------------------------------------------------------

const std::string kOne = jsonb(1);
const std::string kNine = jsonb(9);
const std::string kX = jsonb("x");

TEST(JsonDiffApply, Arrays) {
    const auto a = ordered_json::parse("[1, 2, 3]");
    EXPECT_EQ(apply_ok(a, {diff_bytes(1, "$[1]", kNine)}), "[1, 9, 2, 3]");
    EXPECT_EQ(apply_ok(a, {diff_bytes(1, "$[3]", kNine)}), "[1, 2, 3, 9]");
    EXPECT_EQ(apply_ok(a, {diff_bytes(1, "$[10]", kNine)}), "[1, 2, 3, 9]");  // clamped to end
    EXPECT_EQ(apply_ok(a, {diff_bytes(1, "$[last]", kNine)}), "[1, 2, 9, 3]");
    EXPECT_EQ(apply_ok(a, {diff_bytes(0, "$[last]", kX)}), "[1, 2, \"x\"]");
    EXPECT_EQ(apply_ok(a, {diff_bytes(0, "$[last-2]", kX)}), "[\"x\", 2, 3]");
    EXPECT_EQ(apply_ok(a, {diff_bytes(2, "$[0]")}), "[2, 3]");
    // Diffs apply in order, each to the result of the previous one.
    EXPECT_EQ(apply_ok(a, {diff_bytes(2, "$[0]"), diff_bytes(0, "$[0]", kNine)}), "[9, 3]");
    EXPECT_TRUE(apply_error(a, {diff_bytes(2, "$[3]")}).is(Errc::bad_value));
    EXPECT_TRUE(apply_error(a, {diff_bytes(0, "$[3]", kNine)}).is(Errc::bad_value));
    EXPECT_TRUE(apply_error(a, {diff_bytes(0, "$[last-3]", kNine)}).is(Errc::bad_value));
    EXPECT_TRUE(apply_error(a, {diff_bytes(0, "$.a", kNine)}).is(Errc::bad_value));
}

TEST(JsonDiffApply, ObjectsKeepMySqlKeyOrder) {
    const auto o = ordered_json::parse(R"({"bb": 1})");
    EXPECT_EQ(apply_ok(o, {diff_bytes(1, "$.ccc", kX), diff_bytes(1, "$.a", kNine),
                           diff_bytes(1, "$.ab", kOne), diff_bytes(1, "$.ba", kOne)}),
              R"({"a": 9, "ab": 1, "ba": 1, "bb": 1, "ccc": "x"})");
    EXPECT_EQ(apply_ok(o, {diff_bytes(0, "$.bb", kX)}), R"({"bb": "x"})");
    EXPECT_EQ(apply_ok(o, {diff_bytes(2, "$.bb")}), "{}");
    EXPECT_TRUE(apply_error(o, {diff_bytes(1, "$.bb", kX)}).is(Errc::bad_value));  // exists
    EXPECT_TRUE(apply_error(o, {diff_bytes(0, "$.zz", kX)}).is(Errc::bad_value));  // missing
    EXPECT_TRUE(apply_error(o, {diff_bytes(2, "$.zz")}).is(Errc::bad_value));
    EXPECT_TRUE(apply_error(o, {diff_bytes(0, "$[0]", kX)}).is(Errc::bad_value));
    EXPECT_TRUE(apply_error(o, {diff_bytes(0, "$.bb.c", kX)}).is(Errc::bad_value));  // scalar
}

TEST(JsonDiffApply, NestedPathsLeaveTheRestBinary) {
    const auto doc = ordered_json::parse(
        R"({"a": {"b": [1, {"c": 2}], "d": [true, null]}, "z": 1.5, "big": 70000})");
    EXPECT_EQ(apply_ok(doc, {diff_bytes(0, "$.a.b[1].c", kX)}),
              R"({"a": {"b": [1, {"c": "x"}], "d": [true, null]}, "z": 1.5, "big": 70000})");
    EXPECT_EQ(apply_ok(doc, {diff_bytes(1, "$.a.b[1].e", jsonb(ordered_json::parse("[1.0]"))),
                             diff_bytes(2, "$.a.d[0]")}),
              R"({"a": {"b": [1, {"c": 2, "e": [1.0]}], "d": [null]}, "z": 1.5, "big": 70000})");
}

TEST(JsonDiffApply, QuotedMemberNames) {
    const auto doc = ordered_json::parse(R"({"a b": 1, "q\"k": 2, "é": 3, "😀": 4})");
    EXPECT_EQ(apply_ok(doc, {diff_bytes(0, R"($."a b")", kX), diff_bytes(2, R"($."q\"k")"),
                             diff_bytes(0, R"($."\u00e9")", kNine),
                             diff_bytes(0, R"($."\ud83d\ude00")", kOne)}),
              R"({"é": 9, "a b": "x", "😀": 1})");
    EXPECT_EQ(apply_ok(doc, {diff_bytes(0, " $ . \"a b\" ", kX)}),
              R"({"é": 3, "a b": "x", "q\"k": 2, "😀": 4})");
}

TEST(JsonDiffApply, WholeDocument) {
    EXPECT_EQ(apply_ok(ordered_json::parse("[1]"), {diff_bytes(0, "$", kX)}), "\"x\"");
    EXPECT_TRUE(
        apply_error(ordered_json::parse("[1]"), {diff_bytes(1, "$", kX)}).is(Errc::bad_value));
    EXPECT_TRUE(apply_error(ordered_json::parse("[1]"), {diff_bytes(2, "$")}).is(Errc::bad_value));
    // A zero-length before-image is JSON null, as MySQL reads it.
    const std::string column = column_bytes({diff_bytes(0, "$", kNine)});
    const auto diffs = parse_ok(column);
    std::string out;
    ASSERT_TRUE(apply_json_diffs({}, diffs, out));
    EXPECT_EQ(out, "9");
    const std::string column2 = column_bytes({diff_bytes(0, "$.a", kNine)});
    out.clear();
    EXPECT_FALSE(apply_json_diffs({}, parse_ok(column2), out));
    EXPECT_EQ(out, "");
}

TEST(JsonDiffApply, NoDiffsRendersTheBeforeImage) {
    const std::string doc = jsonb(ordered_json::parse(R"({"a": [1, 2.5, "x"]})"));
    std::string out = ">";
    ASSERT_TRUE(apply_json_diffs(as_span(doc), {}, out));
    EXPECT_EQ(out, R"(>{"a": [1, 2.5, "x"]})");
}

TEST(JsonDiffApply, CorruptBeforeImageIsAnError) {
    std::string doc = jsonb(ordered_json::parse(R"({"a": [1, 2]})"));
    doc.resize(doc.size() - 1);
    const std::string column = column_bytes({diff_bytes(0, "$.a[0]", kNine)});
    std::string out;
    auto r = apply_json_diffs(as_span(doc), parse_ok(column), out);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::corrupt));
}

// --- Parsing ------------------------------------------------------------------------------------

TEST(JsonDiffParse, LayoutAndPosition) {
    const std::string column = column_bytes({diff_bytes(0, "$.a", kNine), diff_bytes(2, "$[1]"),
                                             diff_bytes(1, "$.b", kX)}) +
                               "tail";
    wire::ByteReader r(as_span(column));
    auto diffs = parse_json_diffs(r);
    ASSERT_TRUE(diffs) << diffs.error().message;
    ASSERT_EQ(diffs.value().size(), 3u);
    EXPECT_EQ(diffs.value()[0].op, JsonDiff::Op::replace);
    EXPECT_EQ(diffs.value()[0].path, "$.a");
    EXPECT_EQ(text_of(diffs.value()[0].value), "9");
    EXPECT_EQ(diffs.value()[1].op, JsonDiff::Op::remove);
    EXPECT_TRUE(diffs.value()[1].value.empty());
    EXPECT_EQ(diffs.value()[2].op, JsonDiff::Op::insert);
    EXPECT_EQ(r.str(4), "tail");  // the reader stops after the column

    std::string out;
    ASSERT_TRUE(json_diffs_to_text(diffs.value(), out));
    EXPECT_EQ(out, R"({"$json_diff": [{"op": "replace", "path": "$.a", "value": 9}, )"
                   R"({"op": "remove", "path": "$[1]"}, {"op": "insert", "path": "$.b", )"
                   R"("value": "x"}]})");
    out.clear();
    ASSERT_TRUE(json_diffs_to_text({}, out));
    EXPECT_EQ(out, R"({"$json_diff": []})");
}

TEST(JsonDiffParse, LongPathAndValueUseLenencLengths) {
    const std::string key(300, 'k');
    const std::string value = jsonb(std::string(400, 'v'));
    const std::string column = column_bytes({diff_bytes(1, "$." + key, value)});
    const auto diffs = parse_ok(column);
    ASSERT_EQ(diffs.size(), 1u);
    EXPECT_EQ(diffs[0].path.size(), 302u);
    EXPECT_EQ(apply_ok(ordered_json::parse("{}"), {diff_bytes(1, "$." + key, value)}),
              "{\"" + key + "\": \"" + std::string(400, 'v') + "\"}");
}

TEST(JsonDiffParse, RejectsWhatMySqlNeverLogs) {
    const std::vector<std::string> bad_columns = {
        column_bytes({diff_bytes(3, "$.a", kOne)}),    // unknown operation
        column_bytes({diff_bytes(0, "$.a", "")}),      // empty value
        column_bytes({diff_bytes(0, "$.a", "\x0d")}),  // bad value type
        column_bytes({diff_bytes(0, "$.a",
                                 "\x0c\x05"
                                 "ab")}),                // truncated value
        column_bytes({diff_bytes(2, "a.b")}),            // no $
        column_bytes({diff_bytes(2, "$.*")}),            // wildcard
        column_bytes({diff_bytes(2, "$[*]")}),           // wildcard
        column_bytes({diff_bytes(2, "$**.a")}),          // ellipsis
        column_bytes({diff_bytes(2, "$[1 to 2]")}),      // range
        column_bytes({diff_bytes(2, "$.")}),             // empty member name
        column_bytes({diff_bytes(2, "$[")}),             // unterminated cell
        column_bytes({diff_bytes(2, "$[x]")}),           // not an index
        column_bytes({diff_bytes(2, "$[4294967296]")}),  // index too large
        column_bytes({diff_bytes(2, R"($."a)")}),        // unterminated name
        column_bytes({diff_bytes(2, R"($."\x")")}),      // bad escape
        column_bytes({diff_bytes(2, R"($."\ud83d")")}),  // lone surrogate
        column_bytes({diff_bytes(2, "$a")}),             // junk after $
        std::string("\x02\x00\x00\x00\x02\xfb", 6),      // NULL lenenc
    };
    for (const auto& column : bad_columns) {
        SCOPED_TRACE(hex_of(column));
        wire::ByteReader r(as_span(column));
        EXPECT_FALSE(parse_json_diffs(r));
    }
    // A path of 101 steps is deeper than any MySQL document.
    std::string deep = "$";
    for (int i = 0; i < 101; ++i)
        deep += "[0]";
    const std::string column = column_bytes({diff_bytes(2, deep)});
    wire::ByteReader r(as_span(column));
    EXPECT_FALSE(parse_json_diffs(r));
}

// --- Hostile input -------------------------------------------------------------------------------

TEST(JsonDiffHostile, EveryTruncationOfEveryColumn) {
    // Each server-captured diff list, and a hand-made one, cut at every length: the 4-byte length
    // then claims more than is there, so each prefix must fail, and none may crash.
    const json file = load_json(vector_path("vitess-partial-update-rows.json"));
    std::vector<std::string> columns = {
        column_bytes({diff_bytes(0, R"($."a b"[2])", kNine), diff_bytes(2, "$[last-1]"),
                      diff_bytes(1, "$.x", jsonb(ordered_json::parse(R"({"k": [1, 2]})")))})};
    for (const json& v : file.at("vectors")) {
        const auto event = from_hex(v.at("hex").get<std::string>());
        for (const auto& row : customer_rows(event)) {
            if (!row.after_partial || row.diffs.empty()) continue;
            // Re-serialise the parsed list (it views the event) to get its column bytes.
            std::vector<std::string> parts;
            for (const auto& d : row.diffs) {
                parts.push_back(diff_bytes(static_cast<int>(d.op), d.path,
                                           std::string(wire::as_chars(d.value))));
            }
            columns.push_back(column_bytes(parts));
        }
    }
    ASSERT_EQ(columns.size(), 17u);  // 16 non-empty server diff lists + 1
    for (const auto& column : columns) {
        ASSERT_TRUE(parse_ok(column).size() > 0);
        for (std::size_t n = 0; n < column.size(); ++n) {
            wire::ByteReader r(as_span(column).first(n));
            EXPECT_FALSE(parse_json_diffs(r)) << n;
        }
        // A shorter declared length cuts the list inside a diff (or between two).
        for (std::size_t len = 0; len + 4 < column.size() && len < 256; ++len) {
            std::string cut = column;
            cut[0] = static_cast<char>(len);
            cut[1] = cut[2] = cut[3] = 0;
            wire::ByteReader r(as_span(cut));
            auto diffs = parse_json_diffs(r);
            if (diffs) {
                EXPECT_LT(diffs.value().size(), parse_ok(column).size());
            }
        }
    }
}

TEST(JsonDiffHostile, CorruptBeforeImagesAndValues) {
    // Every single-byte corruption of a before-image and of a diff value: an error or valid JSON.
    const std::string before = jsonb(ordered_json::parse(
        R"({"a": {"b": [1, {"c": 2}], "d": "text"}, "e": [1.5, null, -70000]})"));
    const std::string value = jsonb(ordered_json::parse(R"({"k": ["v", 2]})"));
    std::size_t ok = 0;
    for (std::size_t i = 0; i < before.size() + value.size(); ++i) {
        for (const unsigned x : {0x00u, 0x02u, 0x7fu, 0x80u, 0xffu}) {
            std::string b = before;
            std::string val = value;
            if (i < b.size()) {
                b[i] = static_cast<char>(x);
            } else {
                val[i - b.size()] = static_cast<char>(x);
            }
            const std::string column =
                column_bytes({diff_bytes(0, "$.a.b[1].c", val), diff_bytes(2, "$.e[0]"),
                              diff_bytes(1, "$.a.z", val)});
            wire::ByteReader r(as_span(column));
            auto diffs = parse_json_diffs(r);
            if (!diffs) continue;
            std::string out;
            if (apply_json_diffs(as_span(b), diffs.value(), out)) {
                ++ok;
                EXPECT_TRUE(json::accept(out)) << out;
            } else {
                EXPECT_EQ(out, "");
            }
        }
    }
    EXPECT_GT(ok, 0u);
}

}  // namespace
}  // namespace b2k::binlog
