// One column value -> JSON (ValueEncoder, with RowReader's cell_length cutting the cell) against
// every integer, floating-point, string, BLOB, BIT, ENUM, SET, GEOMETRY and JSON-column cell
// vector in ../shared/vectors (go-mysql-integers, MySqlCdc-columns, vitess-rbr-cells). Temporal
// and DECIMAL cells of the same files are checked by temporal_test and decimal_test, JSON
// documents by json_binary_test; each test marks what it checked in the vector ledger.
//
// Each column is described to our decoder the way a server does: a one-column TABLE_MAP body
// (with SIGNEDNESS / ENUM_STR_VALUE / SET_STR_VALUE optional metadata where the vector says),
// parsed by parse_table_map, so the metadata conventions are mapped once, here:
//   go-mysql:  no metadata; `unsigned` -> SIGNEDNESS.
//   MySqlCdc:  table_map_meta is the metadata bytes read little-endian (VARCHAR 400 = 90 01,
//              BIT 772 = 04 03: 4 bits + 3 bytes); ENUM/SET are STRING columns with the real
//              type and storage size in the metadata (f7 01, f8 01).
//   vitess:    VARCHAR/VAR_STRING/BIT little-endian as MySqlCdc; STRING/ENUM/SET are
//              (first byte << 8) | second byte (fe 05 = real type STRING, length 5); FLOAT and
//              DOUBLE get 0 (vitess ignores it; the server writes the pack length, and with 0 we
//              fall back to the type's size); signedness_hint UINTn -> SIGNEDNESS.
// And the value conventions (docs/value-encoding.md):
//   integers: a JSON number in both. FLOAT/DOUBLE: ours the shortest text that round-trips the
//   float32/float64; theirs "123.456 (float32 nearest)" or vitess's "%E" text — compared as the
//   binary value. CHAR/VARCHAR without charset metadata: text. BLOB without charset metadata:
//   base64 (vitess: the raw bytes). BIT: ours a number (MySqlCdc a bit string, vitess the bytes).
//   ENUM/SET without ENUM_STR_VALUE/SET_STR_VALUE: ours the 1-based index / the bitmask, as
//   theirs; with the labels (MySqlCdc's notes give the DDL): the label / the list of labels.
//   JSON column: ours a string holding MySQL's text of the document. GEOMETRY: ours
//   {"srid", "wkb"}; vitess's "abc" cells (3 bytes) cannot be a geometry (no 4-byte SRID), so
//   ours rejects them as bad_value after cutting the cell at the length vitess asserts.

#include "format/value_encoder.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "binlog/row_reader.h"
#include "binlog/table_map_event.h"
#include "support/vector_ledger.h"
#include "support/vectors.h"

namespace b2k::format {
namespace {

using binlog::ColumnType;
using nlohmann::json;

// A column as a TABLE_MAP would describe it.
struct Column {
    ColumnType wire_type = ColumnType::MYSQL_TYPE_NULL;
    std::vector<std::uint8_t> meta;  // the metadata bytes as written
    std::optional<bool> is_unsigned;
    std::vector<std::string> labels;  // ENUM/SET strings (empty: no such metadata)
};

struct Rendered {
    bool ok = false;
    std::string json;  // our output when ok
    Errc errc = Errc::ok;
};

void put(std::vector<std::byte>& out, std::uint8_t b) {
    out.push_back(static_cast<std::byte>(b));
}

void put_str(std::vector<std::byte>& out, const std::string& s) {
    put(out, static_cast<std::uint8_t>(s.size()));
    for (char ch : s)
        put(out, static_cast<std::uint8_t>(ch));
}

// A TABLE_MAP body (6-byte table id) for d.t with the one column `c`, nullable.
std::vector<std::byte> table_map_body(const Column& c) {
    std::vector<std::byte> b;
    for (int i = 0; i < 6; ++i)
        put(b, i == 0 ? 1 : 0);  // table id 1
    put(b, 1);                   // flags
    put(b, 0);
    put_str(b, "d");
    put(b, 0);
    put_str(b, "t");
    put(b, 0);
    put(b, 1);  // one column
    put(b, static_cast<std::uint8_t>(c.wire_type));
    put(b, static_cast<std::uint8_t>(c.meta.size()));
    for (auto m : c.meta)
        put(b, m);
    put(b, 0x01);  // nullable
    if (c.is_unsigned) {
        put(b, static_cast<std::uint8_t>(binlog::OptionalMetadata::SIGNEDNESS));
        put(b, 1);
        put(b, *c.is_unsigned ? 0x80 : 0x00);
    }
    if (!c.labels.empty()) {
        const bool is_set = c.meta.at(0) == static_cast<std::uint8_t>(ColumnType::MYSQL_TYPE_SET);
        std::vector<std::byte> f;
        put(f, static_cast<std::uint8_t>(c.labels.size()));
        for (const auto& l : c.labels)
            put_str(f, l);
        put(b, static_cast<std::uint8_t>(is_set ? binlog::OptionalMetadata::SET_STR_VALUE
                                                : binlog::OptionalMetadata::ENUM_STR_VALUE));
        put(b, static_cast<std::uint8_t>(f.size()));
        b.insert(b.end(), f.begin(), f.end());
    }
    return b;
}

// Decodes the column's TABLE_MAP, cuts the cell (which must be exactly `cell`), renders it.
Rendered render(const Column& c, const std::vector<std::byte>& cell) {
    Rendered out;
    const auto body = table_map_body(c);
    auto tm =
        binlog::parse_table_map(wire::Bytes(body.data(), body.size()), 8, binlog::Flavor::mysql);
    if (!tm) {
        ADD_FAILURE() << "TABLE_MAP: " << tm.error().message;
        return out;
    }
    const binlog::ColumnDef& def = tm.value().columns.at(0);
    EXPECT_EQ(def.is_unsigned, c.is_unsigned);
    EXPECT_EQ(def.labels, c.labels);
    auto len = binlog::cell_length(def, wire::Bytes(cell.data(), cell.size()));
    if (!len) {
        ADD_FAILURE() << "cell_length: " << len.error().message;
        return out;
    }
    EXPECT_EQ(len.value(), cell.size()) << "the cell is cut at another length";
    binlog::Cell value;
    value.present = true;
    value.data = wire::Bytes(cell.data(), std::min(len.value(), cell.size()));
    const ColumnRendering rendering = resolve_rendering(def, binlog::Flavor::mysql);
    ValueEncoder enc;
    auto r = enc.encode(rendering, value, nullptr, out.json);
    out.ok = r.has_value();
    if (!r) out.errc = static_cast<Errc>(r.error().code.value());
    return out;
}

json rendered_ok(const Column& c, const std::vector<std::byte>& cell) {
    const Rendered r = render(c, cell);
    EXPECT_TRUE(r.ok) << "rendering failed";
    if (!r.ok) return json();
    return json::parse(r.json);
}

std::vector<std::uint8_t> le16(std::uint16_t meta) {
    return {static_cast<std::uint8_t>(meta & 0xff), static_cast<std::uint8_t>(meta >> 8)};
}
std::vector<std::uint8_t> be16(std::uint16_t meta) {
    return {static_cast<std::uint8_t>(meta >> 8), static_cast<std::uint8_t>(meta & 0xff)};
}

std::optional<ColumnType> integer_type(const std::string& name) {
    if (name == "TINY") return ColumnType::MYSQL_TYPE_TINY;
    if (name == "SHORT") return ColumnType::MYSQL_TYPE_SHORT;
    if (name == "INT24") return ColumnType::MYSQL_TYPE_INT24;
    if (name == "LONG") return ColumnType::MYSQL_TYPE_LONG;
    if (name == "LONGLONG") return ColumnType::MYSQL_TYPE_LONGLONG;
    return std::nullopt;
}

float float_of(const std::vector<std::byte>& b) {
    float f;
    std::memcpy(&f, b.data(), sizeof f);
    return f;
}
double double_of(const std::vector<std::byte>& b) {
    double d;
    std::memcpy(&d, b.data(), sizeof d);
    return d;
}

bool is_temporal(ColumnType t) {
    switch (t) {
        case ColumnType::MYSQL_TYPE_TIMESTAMP:
        case ColumnType::MYSQL_TYPE_DATE:
        case ColumnType::MYSQL_TYPE_TIME:
        case ColumnType::MYSQL_TYPE_DATETIME:
        case ColumnType::MYSQL_TYPE_YEAR:
        case ColumnType::MYSQL_TYPE_NEWDATE:
        case ColumnType::MYSQL_TYPE_TIMESTAMP2:
        case ColumnType::MYSQL_TYPE_DATETIME2:
        case ColumnType::MYSQL_TYPE_TIME2:
            return true;
        default:
            return false;
    }
}

// ---------------------------------------------------------------------------------------------

TEST(ValueEncoderVectors, GoMysqlIntegers) {
    const json file = test::load_json(test::vector_path("go-mysql-integers.json"));
    const json& vectors = file.at("vectors");
    std::size_t checked = 0;
    for (const json& v : vectors) {
        SCOPED_TRACE(test::value_vector_name(v));
        const auto type = integer_type(v.at("value_type").get<std::string>());
        ASSERT_TRUE(type.has_value());
        Column c{*type, {}, v.at("params").at("unsigned").get<bool>(), {}};
        EXPECT_EQ(rendered_ok(c, test::from_hex(v.at("hex").get<std::string>())), v.at("expected"));
        test::mark_checked("go-mysql-integers.json", v);
        ++checked;
    }
    EXPECT_EQ(checked, vectors.size());
    EXPECT_EQ(checked, 25U);
}

// MySqlCdc's ENUM/SET vectors name their DDL in the notes; with those labels as the TABLE_MAP's
// ENUM_STR_VALUE / SET_STR_VALUE, ours renders the label(s).
struct Labelled {
    std::vector<std::string> labels;
    json expected;
};
const std::map<std::string, Labelled> kMySqlCdcLabels = {
    {"Test_Enum_Value", {{"Low", "Medium", "High"}, "High"}},
    {"Test_Set_Value", {{"Green", "Yellow", "Red"}, json::array({"Yellow", "Red"})}},
};

TEST(ValueEncoderVectors, MySqlCdcColumns) {
    const json file = test::load_json(test::vector_path("MySqlCdc-columns.json"));
    std::size_t relevant = 0;
    for (const json& v : file.at("vectors")) {
        const std::string label = v.at("value_type").get<std::string>();
        const std::string name = label.substr(0, label.find(' '));
        const auto meta = v.at("params").at("table_map_meta").get<std::uint16_t>();
        const auto bytes = test::from_hex(v.at("hex").get<std::string>());
        const json& expected = v.at("expected");
        SCOPED_TRACE(test::value_vector_name(v));
        if (const auto t = integer_type(name)) {
            EXPECT_EQ(rendered_ok({*t, {}, false, {}}, bytes), expected);
        } else if (name == "FLOAT") {
            // "123.456 (float32 nearest)": the float32 nearest to the decimal text.
            const std::string text = expected.get<std::string>();
            const float want = std::stof(text.substr(0, text.find(' ')));
            ASSERT_EQ(float_of(bytes), want);
            const json got = rendered_ok({ColumnType::MYSQL_TYPE_FLOAT, {4}, {}, {}}, bytes);
            EXPECT_EQ(got.dump(), text.substr(0, text.find(' ')));  // shortest round-trip text
            EXPECT_EQ(static_cast<float>(got.get<double>()), want);
        } else if (name == "DOUBLE") {
            const json got = rendered_ok({ColumnType::MYSQL_TYPE_DOUBLE, {8}, {}, {}}, bytes);
            EXPECT_EQ(got.get<double>(), expected.get<double>());
            EXPECT_EQ(got.get<double>(), double_of(bytes));
        } else if (name == "VARCHAR") {
            EXPECT_EQ(rendered_ok({ColumnType::MYSQL_TYPE_VARCHAR, le16(meta), {}, {}}, bytes),
                      expected);
        } else if (name == "JSON/BLOB") {
            // A JSON column (4-byte length prefix): ours is a string holding MySQL's text.
            const json got = rendered_ok(
                {ColumnType::MYSQL_TYPE_JSON, {static_cast<std::uint8_t>(meta)}, {}, {}}, bytes);
            ASSERT_TRUE(got.is_string());
            EXPECT_EQ(json::parse(got.get<std::string>()),
                      json::parse(expected.at("json_text").get<std::string>()));
        } else if (name == "BIT") {
            // Theirs: the bits as a string, most significant first. Ours: the number.
            EXPECT_EQ(rendered_ok({ColumnType::MYSQL_TYPE_BIT, le16(meta), {}, {}}, bytes),
                      std::stoull(expected.get<std::string>(), nullptr, 2));
        } else if (name == "ENUM" || name == "SET") {
            const auto real =
                name == "ENUM" ? ColumnType::MYSQL_TYPE_ENUM : ColumnType::MYSQL_TYPE_SET;
            const std::vector<std::uint8_t> m = {static_cast<std::uint8_t>(real),
                                                 static_cast<std::uint8_t>(meta)};
            // Without labels: the index / bitmask, as theirs.
            EXPECT_EQ(rendered_ok({ColumnType::MYSQL_TYPE_STRING, m, {}, {}}, bytes), expected);
            const Labelled& l = kMySqlCdcLabels.at(v.at("test").get<std::string>());
            EXPECT_EQ(rendered_ok({ColumnType::MYSQL_TYPE_STRING, m, {}, l.labels}, bytes),
                      l.expected);
        } else {
            // Temporal and DECIMAL: temporal_test and decimal_test. Nothing else may be left.
            EXPECT_TRUE(name == "NEWDECIMAL" || label.find("TIME") != std::string::npos ||
                        label.find("DATE") != std::string::npos || name == "YEAR")
                << "unmapped value type " << label;
            continue;
        }
        test::mark_checked("MySqlCdc-columns.json", v);
        ++relevant;
    }
    std::printf("MySqlCdc-columns.json: %zu non-temporal, non-DECIMAL cells checked\n", relevant);
    EXPECT_EQ(relevant, 20U);  // pins the selection
}

TEST(ValueEncoderVectors, VitessRbrCells) {
    const json file = test::load_json(test::vector_path("vitess-rbr-cells.json"));
    std::size_t relevant = 0;
    std::size_t rejected = 0;
    for (const json& v : file.at("vectors")) {
        const std::string label = v.at("value_type").get<std::string>();
        const auto code = static_cast<unsigned>(std::stoul(label.substr(label.find('(') + 1)));
        const auto type = static_cast<ColumnType>(code);
        const auto meta = v.at("params").at("table_map_meta").get<std::uint16_t>();
        const json& hint = v.at("params").at("signedness_hint");
        const std::optional<bool> is_unsigned =
            hint.is_string() ? std::optional<bool>(hint.get<std::string>().starts_with("UINT"))
                             : std::nullopt;
        const auto bytes = test::from_hex(v.at("hex").get<std::string>());
        const json& expected = v.at("expected");
        SCOPED_TRACE(test::value_vector_name(v));
        switch (type) {
            case ColumnType::MYSQL_TYPE_TINY:
            case ColumnType::MYSQL_TYPE_SHORT:
            case ColumnType::MYSQL_TYPE_INT24:
            case ColumnType::MYSQL_TYPE_LONG:
            case ColumnType::MYSQL_TYPE_LONGLONG: {
                // Theirs: the decimal text. Ours: the number.
                const Rendered r = render({type, {}, is_unsigned, {}}, bytes);
                ASSERT_TRUE(r.ok);
                EXPECT_EQ(r.json, expected.get<std::string>());
                break;
            }
            case ColumnType::MYSQL_TYPE_FLOAT: {
                // Theirs: "%E" text of the float32. Ours: the shortest round-trip text.
                const json got =
                    rendered_ok({type, {static_cast<std::uint8_t>(meta)}, {}, {}}, bytes);
                EXPECT_EQ(static_cast<float>(got.get<double>()), float_of(bytes));
                EXPECT_EQ(std::stof(expected.get<std::string>()), float_of(bytes));
                break;
            }
            case ColumnType::MYSQL_TYPE_DOUBLE: {
                const json got =
                    rendered_ok({type, {static_cast<std::uint8_t>(meta)}, {}, {}}, bytes);
                EXPECT_EQ(got.get<double>(), double_of(bytes));
                EXPECT_EQ(got.get<double>(), std::stod(expected.get<std::string>()));
                break;
            }
            case ColumnType::MYSQL_TYPE_VARCHAR:
            case ColumnType::MYSQL_TYPE_VAR_STRING:
                EXPECT_EQ(rendered_ok({type, le16(meta), {}, {}}, bytes), expected);
                break;
            case ColumnType::MYSQL_TYPE_BIT: {
                // Theirs: the bytes. Ours: the big-endian number they spell.
                const auto want = test::from_hex(expected.at("bytes_hex").get<std::string>());
                std::uint64_t n = 0;
                for (auto b : want)
                    n = (n << 8) | static_cast<std::uint8_t>(b);
                EXPECT_EQ(rendered_ok({type, le16(meta), {}, {}}, bytes), n);
                break;
            }
            case ColumnType::MYSQL_TYPE_ENUM:
                // No labels in the TABLE_MAP: ours is the index, theirs its decimal text.
                EXPECT_EQ(rendered_ok({type, be16(meta), {}, {}}, bytes).dump(),
                          expected.get<std::string>());
                break;
            case ColumnType::MYSQL_TYPE_SET: {
                // Theirs: the bytes. Ours (no labels): the little-endian bitmask.
                const auto want = test::from_hex(expected.at("bytes_hex").get<std::string>());
                std::uint64_t mask = 0;
                for (std::size_t i = 0; i < want.size(); ++i)
                    mask |= static_cast<std::uint64_t>(want[i]) << (8 * i);
                EXPECT_EQ(rendered_ok({type, be16(meta), {}, {}}, bytes), mask);
                break;
            }
            case ColumnType::MYSQL_TYPE_STRING: {
                // CHAR without charset metadata: ours the bytes as text (theirs the bytes).
                const auto want = test::from_hex(expected.at("bytes_hex").get<std::string>());
                std::string text;
                for (auto b : want)
                    text.push_back(static_cast<char>(b));
                EXPECT_EQ(rendered_ok({type, be16(meta), {}, {}}, bytes), text);
                break;
            }
            case ColumnType::MYSQL_TYPE_BLOB: {
                // BLOB without charset metadata: ours base64 of the bytes (theirs "abc").
                ASSERT_EQ(expected, "abc");
                EXPECT_EQ(rendered_ok({type, {static_cast<std::uint8_t>(meta)}, {}, {}}, bytes),
                          "YWJj");
                break;
            }
            case ColumnType::MYSQL_TYPE_GEOMETRY: {
                // Cut at the length vitess asserts; "abc" has no SRID, so it is no geometry.
                ASSERT_EQ(expected, "abc");
                const Rendered r = render({type, {static_cast<std::uint8_t>(meta)}, {}, {}}, bytes);
                EXPECT_FALSE(r.ok);
                EXPECT_EQ(r.errc, Errc::bad_value);
                ++rejected;
                break;
            }
            default:
                // Temporal, DECIMAL and JSON: temporal_test, decimal_test, json_binary_test.
                EXPECT_TRUE(type == ColumnType::MYSQL_TYPE_NEWDECIMAL ||
                            type == ColumnType::MYSQL_TYPE_JSON || is_temporal(type))
                    << "unmapped value type " << label;
                continue;
        }
        test::mark_checked("vitess-rbr-cells.json", v);
        ++relevant;
    }
    std::printf("vitess-rbr-cells.json: %zu non-temporal, non-DECIMAL, non-JSON cells checked\n",
                relevant);
    EXPECT_EQ(relevant, 30U);  // pins the selection
    EXPECT_EQ(rejected, 4U);
}

}  // namespace
}  // namespace b2k::format
