#include "schema/schema_tracker.h"

#include <algorithm>
#include <cctype>

#include "binlog/binlog_position.h"
#include "binlog/charset.h"
#include "binlog/column_type.h"
#include "schema/ddl_statement.h"

namespace b2k::schema {
namespace {

using CT = binlog::ColumnType;

// The binlog column types a declared type is logged as (MySQL/MariaDB
// sql/field.h Field::binlog_type(); ENUM/SET arrive as STRING with their real type, which the
// TABLE_MAP parser restores).
bool type_matches(const ColumnSchema& c, CT t, binlog::Flavor flavor) {
    const std::string& d = c.data_type;
    auto any = [t](std::initializer_list<CT> ok) {
        return std::find(ok.begin(), ok.end(), t) != ok.end();
    };
    if (d == "tinyint") return any({CT::MYSQL_TYPE_TINY});
    if (d == "smallint") return any({CT::MYSQL_TYPE_SHORT});
    if (d == "mediumint") return any({CT::MYSQL_TYPE_INT24});
    if (d == "int") return any({CT::MYSQL_TYPE_LONG});
    if (d == "bigint") return any({CT::MYSQL_TYPE_LONGLONG});
    if (d == "float") return any({CT::MYSQL_TYPE_FLOAT});
    if (d == "double") return any({CT::MYSQL_TYPE_DOUBLE});
    if (d == "decimal") return any({CT::MYSQL_TYPE_NEWDECIMAL, CT::MYSQL_TYPE_DECIMAL});
    if (d == "date") return any({CT::MYSQL_TYPE_DATE, CT::MYSQL_TYPE_NEWDATE});
    if (d == "time") return any({CT::MYSQL_TYPE_TIME2, CT::MYSQL_TYPE_TIME});
    if (d == "datetime") return any({CT::MYSQL_TYPE_DATETIME2, CT::MYSQL_TYPE_DATETIME});
    if (d == "timestamp") return any({CT::MYSQL_TYPE_TIMESTAMP2, CT::MYSQL_TYPE_TIMESTAMP});
    if (d == "year") return any({CT::MYSQL_TYPE_YEAR});
    if (d == "bit") return any({CT::MYSQL_TYPE_BIT});
    if (d == "enum") return any({CT::MYSQL_TYPE_ENUM, CT::MYSQL_TYPE_STRING});
    if (d == "set") return any({CT::MYSQL_TYPE_SET, CT::MYSQL_TYPE_STRING});
    if (d == "char" || d == "binary" || d == "uuid" || d == "inet6" || d == "inet4") {
        return any({CT::MYSQL_TYPE_STRING});
    }
    if (d == "varchar" || d == "varbinary") {
        return any(
            {CT::MYSQL_TYPE_VARCHAR, CT::MYSQL_TYPE_VARCHAR_COMPRESSED, CT::MYSQL_TYPE_VAR_STRING});
    }
    if (d.ends_with("blob") || d.ends_with("text")) {
        return any({CT::MYSQL_TYPE_BLOB, CT::MYSQL_TYPE_BLOB_COMPRESSED, CT::MYSQL_TYPE_TINY_BLOB,
                    CT::MYSQL_TYPE_MEDIUM_BLOB, CT::MYSQL_TYPE_LONG_BLOB});
    }
    if (d == "json") {
        // MySQL's binary JSON; MariaDB's JSON is LONGTEXT.
        return flavor == binlog::Flavor::mariadb ? any({CT::MYSQL_TYPE_BLOB})
                                                 : any({CT::MYSQL_TYPE_JSON});
    }
    if (d == "vector") return any({CT::MYSQL_TYPE_VECTOR, CT::MYSQL_TYPE_VARCHAR});
    if (d == "geometry" || d == "point" || d == "linestring" || d == "polygon" ||
        d == "multipoint" || d == "multilinestring" || d == "multipolygon" ||
        d == "geometrycollection" || d == "geomcollection") {
        return any({CT::MYSQL_TYPE_GEOMETRY});
    }
    return true;  // a type we do not know: the count and other columns still check
}

bool is_integer(const std::string& d) {
    return d == "tinyint" || d == "smallint" || d == "mediumint" || d == "int" || d == "bigint";
}

bool is_numeric(const std::string& d) {
    return is_integer(d) || d == "decimal" || d == "float" || d == "double";
}

// The charset's canonical name ("utf8" is utf8mb3), or the name as given when unknown.
std::string canonical_charset(std::string_view name) {
    if (const auto* cs = binlog::charset_by_name(name)) return std::string(cs->name);
    return std::string(name);
}

std::string where(const binlog::ChangeSource& at) {
    return std::string(at.file) + ":" + std::to_string(at.pos);
}

}  // namespace

SchemaTracker::SchemaTracker(SchemaCatalog catalog, std::uint64_t version, TrackerOptions options)
    : catalog_(std::move(catalog)),
      version_(version == 0 ? 1 : version),
      opts_(std::move(options)) {}

const std::string& SchemaTracker::history_ref() const noexcept {
    static const std::string kNone;
    return opts_.history ? opts_.history->ref() : kNone;
}

DdlOptions SchemaTracker::ddl_options() const {
    DdlOptions o;
    o.flavor = opts_.flavor;
    o.server_charset = opts_.server_charset;
    return o;
}

Result<void> SchemaTracker::on_statement(const binlog::StatementChange& st) {
    const binlog::QueryEvent& q = st.query;
    if (q.error_code != 0) return success();  // the server did not apply it
    DdlOptions o = ddl_options();
    if (q.charset) {
        // The session's character_set_server when the statement ran (Q_CHARSET_CODE).
        if (const auto* cs = binlog::charset_for_collation(opts_.flavor, (*q.charset)[2])) {
            o.server_charset = std::string(cs->name);
        }
    }
    o.ansi_quotes = q.sql_mode && (*q.sql_mode & 4) != 0;  // MODE_ANSI_QUOTES
    const DdlOutcome out = apply_ddl(catalog_, q.db, q.query, o);
    if (out.kind != DdlKind::not_schema_change && in_snapshot_window(st.source)) {
        std::vector<std::pair<std::string, std::string>> tables = out.tables;
        if (const auto named = classify_ddl(q.query); !named.table.empty()) {
            tables.emplace_back(named.db.empty() ? q.db : named.db, named.table);
        }
        mark_ambiguous(st.source, q.query, tables);
        return new_version(st.source, q.query);
    }
    switch (out.kind) {
        case DdlKind::not_schema_change:
            return success();
        case DdlKind::unknown: {
            if (opts_.warn) {
                opts_.warn("schema tracker: cannot interpret the DDL at " + where(st.source) +
                           " (" + out.message + "): " + q.query);
            }
            const auto named = classify_ddl(q.query);
            if (named.table.empty()) return success();
            // The table's definition is unknown from here on: a new version says so.
            mark_unknown(named.db.empty() ? q.db : named.db, named.table, q.query);
            return new_version(st.source, q.query);
        }
        case DdlKind::applied:
            break;
    }
    if (out.needs_reread) {
        // CREATE TABLE … SELECT in a statement-format binlog: the SELECT's columns are not
        // known (row format logs the full CREATE TABLE instead).
        for (const auto& [db, table] : out.tables) {
            if (TableSchema* t = catalog_.find(db, table)) t->unknown_since = q.query;
        }
    }
    if (out.needs_reread && opts_.warn) opts_.warn("schema tracker: " + out.message);
    return new_version(st.source, q.query);
}

void SchemaTracker::mark_unknown(const std::string& db, const std::string& table,
                                 const std::string& since) {
    TableSchema* t = catalog_.find(db, table);
    if (t == nullptr) {  // a table the catalog never held: a placeholder carries the mark
        TableSchema placeholder;
        placeholder.db = db;
        placeholder.table = table;
        catalog_.put(std::move(placeholder));
        t = catalog_.find(db, table);
    }
    t->unknown_since = since;
}

bool SchemaTracker::in_snapshot_window(const binlog::ChangeSource& at) const noexcept {
    if (!opts_.snapshot_window) return false;
    const auto& w = *opts_.snapshot_window;
    return !binlog::binlog_before(at.file, at.pos, w.from_file, w.from_pos) &&
           binlog::binlog_before(at.file, at.pos, w.to_file, w.to_pos);
}

void SchemaTracker::mark_ambiguous(const binlog::ChangeSource& at, const std::string& ddl,
                                   const std::vector<std::pair<std::string, std::string>>& tables) {
    const std::string why = ddl + " [at " + where(at) +
                            ", logged while information_schema was read at the first start: the "
                            "snapshot may or may not include it]";
    for (const auto& [db, table] : tables)
        mark_unknown(db, table, why);
    if (opts_.warn) {
        opts_.warn("schema tracker: the DDL at " + where(at) +
                   " ran while the first schema snapshot was read; the tables it names are "
                   "unknown from here on: " +
                   ddl);
    }
}

Result<void> SchemaTracker::new_version(const binlog::ChangeSource& at, const std::string& ddl) {
    version_ = std::max(version_, opts_.version_floor) + 1;
    if (opts_.history) {
        SchemaVersion v{version_, std::string(at.file), at.end_pos, ddl, catalog_};
        B2K_TRY(opts_.history->append(v));
    }
    return success();
}

std::optional<std::uint32_t> SchemaTracker::collation_for(const std::string& charset) const {
    auto it = opts_.collation_ids.find(charset);
    if (it != opts_.collation_ids.end()) return it->second;
    // Well-known defaults (information_schema.COLLATIONS, IS_DEFAULT) when the server's list
    // was not read.
    static const std::map<std::string, std::uint32_t> kDefaults{
        {"big5", 1},     {"latin1", 8},  {"ascii", 11},   {"sjis", 13},   {"euckr", 19},
        {"gb2312", 24},  {"gbk", 28},    {"utf8mb3", 33}, {"utf8", 33},   {"ucs2", 35},
        {"utf8mb4", 45}, {"cp1251", 51}, {"utf16", 54},   {"utf32", 60},  {"binary", 63},
        {"cp1250", 26},  {"latin2", 9},  {"greek", 25},   {"hebrew", 16}, {"koi8r", 7}};
    auto d = kDefaults.find(charset);
    if (d != kDefaults.end()) return d->second;
    return std::nullopt;
}

Result<void> SchemaTracker::check(const TableSchema& t, const binlog::TableMapEvent& tm,
                                  const binlog::ChangeSource& at) const {
    const std::string name = t.db + "." + t.table;
    auto mismatch = [&](const std::string& what) {
        return failure(Errc::corrupt,
                       "schema mismatch for " + name + " at " + where(at) + ": " + what +
                           ". The tracked definition (schema version " + std::to_string(version_) +
                           ") disagrees with the binlog, so no row of it is decoded. Enable "
                           "binlog_row_metadata=FULL (the binlog then carries the definition), "
                           "or restart from a position whose schema is known");
    };
    if (t.columns.size() != tm.columns.size()) {
        return mismatch("the binlog has " + std::to_string(tm.columns.size()) +
                        " columns, the tracked definition " + std::to_string(t.columns.size()));
    }
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const ColumnSchema& c = t.columns[i];
        const binlog::ColumnDef& d = tm.columns[i];
        const std::string col = "column " + std::to_string(i + 1) + " (" + c.name + ")";
        if (!type_matches(c, d.type, opts_.flavor)) {
            return mismatch(col + " is " + c.data_type + " in the tracked definition but " +
                            std::string(binlog::column_type_name(d.type)) + " in the binlog");
        }
        if (c.data_type == "decimal" && d.type == CT::MYSQL_TYPE_NEWDECIMAL &&
            (d.precision != c.precision || d.scale != c.scale)) {
            return mismatch(col + " is decimal(" + std::to_string(c.precision) + "," +
                            std::to_string(c.scale) + ") in the tracked definition but decimal(" +
                            std::to_string(d.precision) + "," + std::to_string(d.scale) +
                            ") in the binlog");
        }
        if ((d.type == CT::MYSQL_TYPE_TIME2 || d.type == CT::MYSQL_TYPE_DATETIME2 ||
             d.type == CT::MYSQL_TYPE_TIMESTAMP2) &&
            d.fsp != c.fsp) {
            return mismatch(col + " has " + std::to_string(c.fsp) +
                            " fractional digits in the tracked definition but " +
                            std::to_string(d.fsp) + " in the binlog");
        }
        // SIGNEDNESS (MINIMAL and FULL metadata): one flag per numeric column.
        if (d.is_unsigned && is_numeric(c.data_type) && *d.is_unsigned != c.is_unsigned) {
            return mismatch(col + " is " + (c.is_unsigned ? "unsigned" : "signed") +
                            " in the tracked definition but " +
                            (*d.is_unsigned ? "unsigned" : "signed") + " in the binlog");
        }
        // DEFAULT_CHARSET / COLUMN_CHARSET: the column's collation, so its charset.
        if (d.collation && c.charset) {
            if (const auto* cs = binlog::charset_for_collation(opts_.flavor, *d.collation)) {
                const std::string logged(cs->name);
                const std::string tracked = canonical_charset(*c.charset);
                if (logged != tracked) {
                    return mismatch(
                        col + " is in charset " + tracked + " in the tracked definition but " +
                        logged + " in the binlog (collation " + std::to_string(*d.collation) + ")");
                }
            }
        }
        // Lengths the type metadata gives: CHAR/VARCHAR in bytes (characters times the
        // charset's widest character), BINARY/VARBINARY in bytes, BIT in bits.
        if (c.length != 0) {
            std::uint32_t expected = 0;
            if (c.data_type == "binary" || c.data_type == "varbinary") {
                expected = c.length;
            } else if ((c.data_type == "char" || c.data_type == "varchar") && c.charset) {
                if (const auto* cs = binlog::charset_by_name(*c.charset)) {
                    expected = c.length * cs->max_bytes_per_char;
                }
            }
            const bool string_type = d.type == CT::MYSQL_TYPE_STRING ||
                                     d.type == CT::MYSQL_TYPE_VARCHAR ||
                                     d.type == CT::MYSQL_TYPE_VAR_STRING;
            if (expected != 0 && string_type && d.length != 0 && d.length != expected) {
                return mismatch(col + " is " + c.data_type + "(" + std::to_string(c.length) +
                                ") in the tracked definition (" + std::to_string(expected) +
                                " bytes) but " + std::to_string(d.length) +
                                " bytes long in the binlog");
            }
            if (c.data_type == "bit" && d.type == CT::MYSQL_TYPE_BIT && d.bits != 0 &&
                d.bits != c.length) {
                return mismatch(col + " is bit(" + std::to_string(c.length) +
                                ") in the tracked definition but bit(" + std::to_string(d.bits) +
                                ") in the binlog");
            }
        }
        if ((c.data_type == "enum" || c.data_type == "set") && d.type != CT::MYSQL_TYPE_STRING &&
            !c.enum_values.empty()) {
            // ENUM storage: 1 byte up to 255 labels; SET: (labels + 7) / 8 bytes.
            const std::size_t n = c.enum_values.size();
            std::uint32_t bytes = 0;
            if (c.data_type == "enum") {
                bytes = n < 256 ? 1 : 2;
            } else {
                bytes = static_cast<std::uint32_t>((n + 7) / 8);
                if (bytes > 4) bytes = 8;
            }
            if (d.length != 0 && d.length != bytes) {
                return mismatch(col + " has " + std::to_string(n) + " labels (" +
                                std::to_string(bytes) +
                                " storage bytes) in the tracked "
                                "definition but " +
                                std::to_string(d.length) + " storage bytes in the binlog");
            }
        }
    }
    return success();
}

namespace {

// Whether `name` occurs in `query` as a whole identifier (plain or in backquotes).
bool mentions_identifier(std::string_view query, std::string_view name) {
    auto ident = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$' ||
               static_cast<unsigned char>(c) >= 0x80;
    };
    for (std::size_t at = query.find(name); at != std::string_view::npos;
         at = query.find(name, at + 1)) {
        const std::size_t end = at + name.size();
        if ((at == 0 || !ident(query[at - 1])) && (end == query.size() || !ident(query[end]))) {
            return true;
        }
    }
    return false;
}

// The first statement of `statements` that changes db.table's definition, replayed in order on
// `scratch` (a copy of the catalog) — or may change it: one the interpreter cannot follow that
// mentions the table. (TRUNCATE, a comment or an index leave the definition as it is.)
const replication::LoggedStatement* first_change_of(
    SchemaCatalog scratch, const std::vector<replication::LoggedStatement>& statements,
    const std::string& db, const std::string& table, const DdlOptions& o) {
    for (const auto& st : statements) {
        const TableSchema* now = scratch.find(db, table);
        const std::optional<TableSchema> before =
            now != nullptr ? std::optional<TableSchema>(*now) : std::nullopt;
        const DdlOutcome out = apply_ddl(scratch, st.db, st.query, o);
        if (out.kind == DdlKind::not_schema_change) continue;
        if (out.kind == DdlKind::unknown) {
            const auto named = classify_ddl(st.query);
            const bool names_it =
                named.table == table && (named.db.empty() ? st.db : named.db) == db;
            if (names_it || mentions_identifier(st.query, table)) return &st;
            continue;
        }
        const TableSchema* after = scratch.find(db, table);
        const bool changed = before.has_value() != (after != nullptr) ||
                             (before && after != nullptr && *before != *after);
        if (changed || out.needs_reread) return &st;
    }
    return nullptr;
}

constexpr const char* kUnknownAdvice =
    "Enable binlog_row_metadata=FULL on the server (the binlog then carries the definition), or "
    "exclude the table (filter.exclude); or, if no DDL changed the table since, accept today's "
    "definition from information_schema: list it in schema.accept_current and restart";
// schema.accept_current replaces definitions the history marks unknown; it has none to replace.
constexpr const char* kMissingAdvice =
    "Enable binlog_row_metadata=FULL on the server (the binlog then carries the definition), or "
    "exclude the table (filter.exclude)";

}  // namespace

Result<void> SchemaTracker::reread(const binlog::TableMapEvent& tm,
                                   const binlog::ChangeSource& at) {
    const std::string name = tm.db + "." + tm.table;
    auto r = opts_.reread(tm.db, tm.table, std::string(at.file), at.end_pos);
    if (!r) {
        return failure(Errc::unsupported,
                       "Re-reading its definition from information_schema failed (" +
                           r.error().message + ").");
    }
    const TableReread& rr = r.value();
    const std::string end = rr.end_file + ":" + std::to_string(rr.end_pos);
    if (!rr.reached) {
        return failure(Errc::unsupported,
                       "The stream is behind: the server's binlog ends at " + end + ", more than " +
                           std::to_string(rr.max_bytes >> 20) +
                           " MiB after this position, so today's information_schema may hold a "
                           "later definition (the tracker re-reads one only when the stream has "
                           "caught up).");
    }
    SchemaCatalog scratch = catalog_;
    if (rr.table) scratch.put(*rr.table);
    if (const auto* ddl =
            first_change_of(std::move(scratch), rr.statements, tm.db, tm.table, ddl_options())) {
        return failure(Errc::unsupported,
                       "Today's definition in information_schema is not the one in force here: "
                       "the DDL '" +
                           ddl->query + "' at " + ddl->file + ":" + std::to_string(ddl->pos) +
                           " changes the table after this position.");
    }
    if (!rr.table) {
        return failure(Errc::unsupported, name + " is not in information_schema today.");
    }
    if (auto checked = check(*rr.table, tm, at); !checked) {
        return failure(Errc::corrupt,
                       "Today's definition in information_schema disagrees with the binlog too (" +
                           checked.error().message + ").");
    }
    catalog_.put(*rr.table);
    if (opts_.warn) {
        opts_.warn("schema tracker: re-read the definition of " + name + " at " + where(at) +
                   " from information_schema: the stream has caught up (the binlog ends at " + end +
                   ") and no DDL on the table follows this position");
    }
    return new_version(at, "(re-read from information_schema at " + where(at) + ": " + name + ")");
}

Result<void> SchemaTracker::resolve(binlog::TableMapEvent& tm, const binlog::ChangeSource& at) {
    if (tm.has_column_names()) return success();  // FULL metadata: the event is authoritative
    if (opts_.captured && !opts_.captured(tm.db, tm.table)) return success();  // not published
    const TableSchema* t = catalog_.find(tm.db, tm.table);
    if (t == nullptr || !t->unknown_since.empty()) {
        const std::string why =
            t == nullptr
                ? "no definition of " + tm.db + "." + tm.table + " is known at " + where(at) +
                      " (binlog_row_metadata is not FULL, the table was not in "
                      "information_schema at the first start and no CREATE TABLE for it was "
                      "seen)"
                : "the definition of " + tm.db + "." + tm.table + " at " + where(at) +
                      " is unknown since the DDL '" + t->unknown_since +
                      "', which the schema tracker could not follow";
        const char* advice = t == nullptr ? kMissingAdvice : kUnknownAdvice;
        if (!opts_.reread) return failure(Errc::unsupported, why + ". " + advice);
        if (auto re = reread(tm, at); !re) {
            return failure(re.error().is(Errc::corrupt) ? Errc::corrupt : Errc::unsupported,
                           why + ". " + re.error().message + " " + advice);
        }
    } else if (auto checked = check(*t, tm, at); !checked) {
        if (!opts_.reread || !opts_.reread_on_mismatch) return checked;
        // schema.on_mismatch: reread_once — today's definition, if it is the one in force here.
        if (auto re = reread(tm, at); !re) {
            return failure(Errc::corrupt, checked.error().message +
                                              " (schema.on_mismatch: reread_once did not use "
                                              "today's definition. " +
                                              re.error().message + ")");
        }
    }
    t = catalog_.find(tm.db, tm.table);
    for (std::size_t i = 0; i < t->columns.size(); ++i) {
        const ColumnSchema& c = t->columns[i];
        binlog::ColumnDef& d = tm.columns[i];
        d.name = c.name;
        if (is_numeric(c.data_type)) d.is_unsigned = c.is_unsigned;  // checked to agree
        if (c.charset && !d.collation) d.collation = collation_for(*c.charset);
        if ((c.data_type == "enum" || c.data_type == "set") && d.labels.empty()) {
            d.labels = c.enum_values;
        }
        d.visible = !c.invisible;
    }
    tm.primary_key.clear();
    tm.primary_key_prefix.clear();
    for (const auto& k : t->primary_key) {
        if (auto idx = t->column_index(k)) {
            tm.primary_key.push_back(static_cast<std::uint32_t>(*idx));
            tm.primary_key_prefix.push_back(0);
        }
    }
    return success();
}

}  // namespace b2k::schema
