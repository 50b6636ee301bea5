#include "support/table_snapshot.h"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <stdexcept>

namespace b2k::test {
namespace {

using nlohmann::json;

enum class Kind { integer, bit, decimal, real_float, real_double, text, set, binary, geometry };

Kind kind_of(const ColumnInfo& c) {
    static const std::set<std::string> ints{"tinyint", "smallint", "mediumint",
                                            "int",     "bigint",   "year"};
    static const std::set<std::string> texts{"char",       "varchar",   "tinytext", "text",
                                             "mediumtext", "longtext",  "enum",     "date",
                                             "datetime",   "timestamp", "time"};
    static const std::set<std::string> binaries{"binary", "varbinary",  "tinyblob",
                                                "blob",   "mediumblob", "longblob"};
    static const std::set<std::string> geometries{
        "geometry",   "point",           "linestring",   "polygon",
        "multipoint", "multilinestring", "multipolygon", "geometrycollection"};
    const std::string& t = c.data_type;
    if (ints.count(t) != 0) return Kind::integer;
    if (t == "bit") return Kind::bit;
    if (t == "decimal") return Kind::decimal;
    if (t == "float") return Kind::real_float;
    if (t == "double") return Kind::real_double;
    if (texts.count(t) != 0) return Kind::text;
    if (t == "set") return Kind::set;
    if (binaries.count(t) != 0) return Kind::binary;
    if (geometries.count(t) != 0) return Kind::geometry;
    throw std::runtime_error("table_snapshot: no rendering for column " + c.name + " of type " +
                             c.column_type);
}

std::string quoted(const std::string& name) {
    return "`" + name + "`";
}

// The server-side text of a column, per DESIGN.md's value table.
std::string sql_expression(const ColumnInfo& c) {
    const std::string q = quoted(c.name);
    const std::string frac = c.fsp > 0 ? ", '.', LEFT(LPAD(MICROSECOND(" + q + "), 6, '0'), " +
                                             std::to_string(c.fsp) + ")"
                                       : "";
    const std::string& t = c.data_type;
    if (t == "date") {
        return "IF(MONTH(" + q + ") = 0 OR DAYOFMONTH(" + q + ") = 0, NULL, DATE_FORMAT(" + q +
               ", '%Y-%m-%d'))";
    }
    if (t == "datetime") {
        return "IF(MONTH(" + q + ") = 0 OR DAYOFMONTH(" + q + ") = 0, NULL, CONCAT(DATE_FORMAT(" +
               q + ", '%Y-%m-%dT%H:%i:%s')" + frac + "))";
    }
    if (t == "timestamp") {
        return "IF(UNIX_TIMESTAMP(" + q + ") = 0, NULL, CONCAT(DATE_FORMAT(" + q +
               ", '%Y-%m-%dT%H:%i:%s')" + frac + ", 'Z'))";
    }
    switch (kind_of(c)) {
        case Kind::bit:
            return "CAST(" + q + " + 0 AS CHAR)";
        case Kind::integer:
            // YEAR prints as "0000" for the zero year; its number is 0.
            return t == "year" ? "CAST(" + q + " + 0 AS CHAR)" : "CAST(" + q + " AS CHAR)";
        case Kind::decimal:
        case Kind::real_float:
        case Kind::real_double:
            return "CAST(" + q + " AS CHAR)";
        case Kind::text:
            return t == "time" ? "CAST(" + q + " AS CHAR)" : "CONVERT(" + q + " USING utf8mb4)";
        case Kind::set:
            return "CONVERT(" + q + " USING utf8mb4)";
        case Kind::binary:
            return q;
        case Kind::geometry:
            return "CONCAT(ST_SRID(" + q + "), ':', HEX(ST_AsBinary(" + q + ")))";
    }
    return q;
}

std::string unhex(const std::string& hex) {
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

std::string hex_upper(const std::string& bytes) {
    static const char* const kDigits = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char b : bytes) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 15]);
    }
    return out;
}

std::optional<std::string> base64_decode(const std::string& in) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    if (in.size() % 4 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < in.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int j = 0; j < 4; ++j) {
            const char c = in[i + static_cast<std::size_t>(j)];
            if (c == '=' && i + 4 == in.size() && j >= 2) {
                v[j] = 0;
                ++pad;
            } else {
                v[j] = value(c);
                if (v[j] < 0 || pad != 0) return std::nullopt;
            }
        }
        const unsigned n = (static_cast<unsigned>(v[0]) << 18) |
                           (static_cast<unsigned>(v[1]) << 12) |
                           (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
        out.push_back(static_cast<char>(n >> 16));
        if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xff));
        if (pad < 1) out.push_back(static_cast<char>(n & 0xff));
    }
    return out;
}

std::string real_text(double v, bool is_float) {
    char buf[64];
    if (is_float) {
        std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(static_cast<float>(v)));
    } else {
        std::snprintf(buf, sizeof buf, "%.17g", v);
    }
    return buf;
}

std::string bad(const std::string& what, const json& v) {
    return "!" + what + ", got " + v.dump();
}

}  // namespace

std::size_t TableSnapshot::column_index(const std::string& name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name) return i;
    return std::string::npos;
}

std::vector<std::string> list_tables(const MariadbServer& db, const std::string& schema) {
    std::vector<std::string> out;
    for (const auto& r : db.sql_rows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE "
                                     "TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA = '" +
                                     schema + "' ORDER BY TABLE_NAME")) {
        out.push_back(r.at(0));
    }
    return out;
}

TableSnapshot snapshot_table(const MariadbServer& db, const std::string& schema,
                             const std::string& table) {
    TableSnapshot s;
    s.db = schema;
    s.table = table;
    for (const auto& r : db.sql_rows(
             "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IFNULL(DATETIME_PRECISION, 0) FROM "
             "information_schema.COLUMNS WHERE TABLE_SCHEMA = '" +
             schema + "' AND TABLE_NAME = '" + table + "' ORDER BY ORDINAL_POSITION")) {
        s.columns.push_back(ColumnInfo{r.at(0), r.at(1), r.at(2), std::atoi(r.at(3).c_str())});
    }
    if (s.columns.empty()) throw std::runtime_error("no table " + schema + "." + table);
    for (const auto& r : db.sql_rows(
             "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '" +
             schema + "' AND TABLE_NAME = '" + table +
             "' AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX")) {
        s.primary_key.push_back(s.column_index(r.at(0)));
    }

    // One field per column: 'N' for NULL, else 'x' and the hex of the rendered text (no tabs,
    // newlines or escapes to undo in the client's batch output).
    std::string select = "SET time_zone = '+00:00'; SELECT ";
    for (std::size_t i = 0; i < s.columns.size(); ++i) {
        if (i != 0) select += ", ";
        select += "IFNULL(CONCAT('x', HEX(" + sql_expression(s.columns[i]) + ")), 'N')";
    }
    select += " FROM " + quoted(schema) + "." + quoted(table);
    for (const auto& r : db.sql_rows(select)) {
        if (r.size() != s.columns.size())
            throw std::runtime_error("snapshot of " + schema + "." + table + ": bad row");
        std::vector<Cell> row;
        for (const auto& f : r) {
            if (f == "N") {
                row.emplace_back(std::nullopt);
            } else {
                row.emplace_back(unhex(f.substr(1)));
            }
        }
        for (std::size_t i = 0; i < row.size(); ++i) {
            const Kind k = kind_of(s.columns[i]);
            if (row[i] && (k == Kind::real_float || k == Kind::real_double)) {
                row[i] = real_text(std::strtod(row[i]->c_str(), nullptr), k == Kind::real_float);
            }
        }
        s.rows.push_back(std::move(row));
    }
    return s;
}

Cell render_json_cell(const ColumnInfo& column, const json& v) {
    if (v.is_null()) return std::nullopt;
    switch (kind_of(column)) {
        case Kind::integer:
        case Kind::bit:
            if (!v.is_number_integer()) return bad("an integer", v);
            return v.dump();
        case Kind::real_float:
        case Kind::real_double:
            if (!v.is_number()) return bad("a number", v);
            return real_text(v.get<double>(), kind_of(column) == Kind::real_float);
        case Kind::decimal:
        case Kind::text:
            if (!v.is_string()) return bad("a string", v);
            return v.get<std::string>();
        case Kind::set: {
            if (!v.is_array()) return bad("an array of labels", v);
            std::string out;
            for (const auto& label : v) {
                if (!label.is_string()) return bad("an array of labels", v);
                if (!out.empty()) out += ",";
                out += label.get<std::string>();
            }
            return out;
        }
        case Kind::binary: {
            if (!v.is_string()) return bad("a base64 string", v);
            auto bytes = base64_decode(v.get<std::string>());
            if (!bytes) return bad("a base64 string", v);
            return *bytes;
        }
        case Kind::geometry: {
            if (!v.is_object() || !v.contains("srid") || !v.contains("wkb") ||
                !v["srid"].is_number_integer() || !v["wkb"].is_string()) {
                return bad("{\"srid\",\"wkb\"}", v);
            }
            auto wkb = base64_decode(v["wkb"].get<std::string>());
            if (!wkb) return bad("{\"srid\",\"wkb\"} with base64 wkb", v);
            return v["srid"].dump() + ":" + hex_upper(*wkb);
        }
    }
    return bad("a known type", v);
}

std::string show(const Cell& c) {
    if (!c) return "NULL";
    std::string out = "\"";
    for (const unsigned char ch : *c) {
        if (ch < 0x20 || ch == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", ch);
            out += buf;
        } else {
            out.push_back(static_cast<char>(ch));
        }
    }
    return out + "\"";
}

}  // namespace b2k::test
