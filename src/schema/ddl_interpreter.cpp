#include "schema/ddl_interpreter.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace b2k::schema {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool iequal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// ---- tokens ----

enum class Tok { word, quoted, string, number, punct, end };

struct Token {
    Tok kind = Tok::end;
    std::string text;  // identifiers unquoted, strings unescaped, punctuation as is
};

// Splits a statement into tokens. Executable comments (/*!NNNNN … */, /*M!NNNNNN … */) keep
// their content; other comments are dropped.
class Lexer {
  public:
    Lexer(std::string_view s, bool ansi_quotes) : s_(s), ansi_(ansi_quotes) {}

    std::vector<Token> run() {
        std::vector<Token> out;
        for (;;) {
            Token t = next();
            if (t.kind == Tok::end) break;
            out.push_back(std::move(t));
        }
        return out;
    }

  private:
    Token next() {
        skip_space_and_comments();
        if (i_ >= s_.size()) return {};
        const char c = s_[i_];
        if (c == '`') return quoted('`', Tok::quoted);
        if (c == '"') return quoted('"', ansi_ ? Tok::quoted : Tok::string);
        if (c == '\'') return quoted('\'', Tok::string);
        if (std::isdigit(static_cast<unsigned char>(c))) {
            std::size_t j = i_;
            while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) ||
                                     s_[j] == '_' || s_[j] == '$' || s_[j] == '.')) {
                ++j;
            }
            // A name may start with a digit ("1col"): only all-digit runs are numbers.
            const std::string_view text = s_.substr(i_, j - i_);
            const bool numeric = std::all_of(text.begin(), text.end(), [](char ch) {
                return std::isdigit(static_cast<unsigned char>(ch)) || ch == '.';
            });
            if (numeric) {
                i_ = j;
                return {Tok::number, std::string(text)};
            }
        }
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
            static_cast<unsigned char>(c) >= 0x80) {
            std::size_t j = i_;
            while (j < s_.size() &&
                   (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_' ||
                    s_[j] == '$' || static_cast<unsigned char>(s_[j]) >= 0x80)) {
                ++j;
            }
            Token t{Tok::word, std::string(s_.substr(i_, j - i_))};
            i_ = j;
            return t;
        }
        ++i_;
        return {Tok::punct, std::string(1, c)};
    }

    Token quoted(char q, Tok kind) {
        std::string out;
        ++i_;
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == q) {
                if (i_ + 1 < s_.size() && s_[i_ + 1] == q) {  // doubled quote
                    out.push_back(q);
                    i_ += 2;
                    continue;
                }
                ++i_;
                return {kind, std::move(out)};
            }
            if (c == '\\' && q != '`' && i_ + 1 < s_.size()) {
                const char e = s_[i_ + 1];
                switch (e) {
                    case 'n':
                        out.push_back('\n');
                        break;
                    case 't':
                        out.push_back('\t');
                        break;
                    case 'r':
                        out.push_back('\r');
                        break;
                    case '0':
                        out.push_back('\0');
                        break;
                    case 'Z':
                        out.push_back('\x1a');
                        break;
                    default:
                        out.push_back(e);
                }
                i_ += 2;
                continue;
            }
            out.push_back(c);
            ++i_;
        }
        throw std::runtime_error("unterminated quoted text");
    }

    void skip_space_and_comments() {
        for (;;) {
            while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_])))
                ++i_;
            if (i_ >= s_.size()) return;
            if (s_.compare(i_, 2, "/*") == 0) {
                std::size_t j = i_ + 2;
                const bool mariadb =
                    j < s_.size() && s_[j] == 'M' && j + 1 < s_.size() && s_[j + 1] == '!';
                if (mariadb) ++j;
                if (j < s_.size() && s_[j] == '!') {
                    // Executable comment: drop the marker and version, keep the content.
                    ++j;
                    while (j < s_.size() && std::isdigit(static_cast<unsigned char>(s_[j])))
                        ++j;
                    i_ = j;
                    ++open_exec_;
                    continue;
                }
                const auto end = s_.find("*/", i_ + 2);
                i_ = end == std::string_view::npos ? s_.size() : end + 2;
                continue;
            }
            if (open_exec_ > 0 && s_.compare(i_, 2, "*/") == 0) {
                --open_exec_;
                i_ += 2;
                continue;
            }
            if (s_[i_] == '#' ||
                (s_.compare(i_, 2, "--") == 0 &&
                 (i_ + 2 >= s_.size() || std::isspace(static_cast<unsigned char>(s_[i_ + 2]))))) {
                const auto end = s_.find('\n', i_);
                i_ = end == std::string_view::npos ? s_.size() : end + 1;
                continue;
            }
            return;
        }
    }

    std::string_view s_;
    bool ansi_;
    std::size_t i_ = 0;
    int open_exec_ = 0;
};

// ---- parser ----

struct Unknown {
    std::string what;
};

class Parser {
  public:
    Parser(std::vector<Token> toks, SchemaCatalog& cat, std::string_view default_db,
           const DdlOptions& opts)
        : t_(std::move(toks)), cat_(cat), default_db_(default_db), opts_(opts) {}

    DdlOutcome run();

  private:
    // -- token helpers --
    const Token& peek(std::size_t ahead = 0) const {
        static const Token kEnd;
        return p_ + ahead < t_.size() ? t_[p_ + ahead] : kEnd;
    }
    bool at_end() const {
        return p_ >= t_.size() || (peek().kind == Tok::punct && peek().text == ";");
    }
    bool is_kw(std::string_view kw, std::size_t ahead = 0) const {
        const Token& t = peek(ahead);
        return t.kind == Tok::word && iequal(t.text, kw);
    }
    bool is_punct(char c, std::size_t ahead = 0) const {
        const Token& t = peek(ahead);
        return t.kind == Tok::punct && t.text.size() == 1 && t.text[0] == c;
    }
    bool accept(std::string_view kw) {
        if (!is_kw(kw)) return false;
        ++p_;
        return true;
    }
    bool accept_punct(char c) {
        if (!is_punct(c)) return false;
        ++p_;
        return true;
    }
    void expect(std::string_view kw) {
        if (!accept(kw)) fail("expected " + std::string(kw) + near());
    }
    void expect_punct(char c) {
        if (!accept_punct(c)) fail(std::string("expected '") + c + "'" + near());
    }
    [[noreturn]] void fail(std::string what) const { throw Unknown{std::move(what)}; }
    std::string near() const { return at_end() ? " at the end" : " near '" + peek().text + "'"; }
    std::string identifier() {
        const Token& t = peek();
        if (t.kind == Tok::word || t.kind == Tok::quoted) {
            ++p_;
            return t.text;
        }
        fail("expected a name" + near());
    }
    // db.table or table (default database).
    std::pair<std::string, std::string> table_name() {
        std::string first = identifier();
        if (accept_punct('.')) return {first, identifier()};
        if (default_db_.empty()) fail("table " + first + " has no database and none is selected");
        return {std::string(default_db_), first};
    }
    // Skips one balanced parenthesized group starting at '('.
    void skip_parens() {
        expect_punct('(');
        int depth = 1;
        while (depth > 0) {
            if (p_ >= t_.size()) fail("unbalanced parentheses");
            if (is_punct('(')) ++depth;
            if (is_punct(')')) --depth;
            ++p_;
        }
    }
    // Skips to the next ',' or ')' at depth 0 (not consumed).
    void skip_to_separator() {
        int depth = 0;
        while (!at_end()) {
            if (is_punct('(')) ++depth;
            if (is_punct(')')) {
                if (depth == 0) return;
                --depth;
            }
            if (is_punct(',') && depth == 0) return;
            ++p_;
        }
    }
    // [DEFAULT] CHARACTER SET [=] x | CHARSET [=] x | COLLATE [=] y at the current token:
    // the charset it names (from the collation's prefix for COLLATE), or nullopt (nothing
    // consumed but DEFAULT) when no such option is here.
    std::optional<std::string> charset_option() {
        const std::size_t save = p_;
        accept("DEFAULT");
        if (accept("CHARACTER")) {
            expect("SET");
            return charset_value();
        }
        if (accept("CHARSET")) return charset_value();
        if (accept("COLLATE")) return charset_of_collation(charset_value());
        p_ = save;
        return std::nullopt;
    }
    std::string charset_value() {
        accept_punct('=');
        const Token& t = peek();
        if (t.kind == Tok::end) fail("expected a charset name");
        ++p_;
        return lower(t.text);
    }

    // -- statements --
    DdlOutcome create();
    DdlOutcome create_table(bool temporary);
    DdlOutcome create_database();
    DdlOutcome alter();
    DdlOutcome alter_table();
    DdlOutcome alter_database();
    DdlOutcome drop();
    DdlOutcome rename_table();
    DdlOutcome truncate();

    // Column definition after its name; `table_charset` for character columns.
    ColumnSchema column_definition(std::string name, const std::string& table_charset,
                                   bool& primary);
    void data_type(ColumnSchema& c, const std::string& table_charset);
    std::vector<std::string> key_columns();
    void table_options(TableSchema& t, bool convert_columns);
    void place(TableSchema& t, ColumnSchema c, std::optional<std::size_t> replace);

    std::vector<Token> t_;
    std::size_t p_ = 0;
    SchemaCatalog& cat_;
    std::string_view default_db_;
    const DdlOptions& opts_;
    DdlOutcome out_;
};

DdlOutcome Parser::run() {
    if (accept("CREATE")) return create();
    if (accept("ALTER")) return alter();
    if (accept("DROP")) return drop();
    if (accept("RENAME")) {
        if (accept("TABLE")) return rename_table();
        return {};  // RENAME USER
    }
    if (accept("TRUNCATE")) return truncate();
    return {};
}

DdlOutcome Parser::create() {
    accept("OR") && (expect("REPLACE"), true);
    bool temporary = accept("TEMPORARY");
    if (accept("TABLE")) return create_table(temporary);
    if (accept("DATABASE") || accept("SCHEMA")) return create_database();
    return {};  // VIEW, INDEX, TRIGGER, PROCEDURE, FUNCTION, EVENT, USER, ROLE, SEQUENCE…
}

DdlOutcome Parser::create_database() {
    if (accept("IF")) {
        expect("NOT");
        expect("EXISTS");
    }
    const std::string db = identifier();
    std::string charset;
    while (!at_end()) {
        if (auto cs = charset_option()) {
            charset = *cs;  // a COLLATE's prefix is its CHARACTER SET (the server checks)
        } else {
            ++p_;
        }
    }
    if (cat_.database_charset(db).empty() || !charset.empty()) {
        cat_.set_database_charset(db, charset.empty() ? opts_.server_charset : charset);
    }
    DdlOutcome o;
    o.kind = DdlKind::applied;
    return o;
}

DdlOutcome Parser::create_table(bool temporary) {
    bool if_not_exists = false;
    if (accept("IF")) {
        expect("NOT");
        expect("EXISTS");
        if_not_exists = true;
    }
    auto [db, name] = table_name();
    DdlOutcome o;
    o.kind = DdlKind::applied;
    if (temporary) {
        o.kind = DdlKind::not_schema_change;
        return o;
    }
    if (if_not_exists && cat_.find(db, name) != nullptr) return o;  // the server did nothing
    // CREATE TABLE a LIKE b / (LIKE b)
    const bool paren_like = is_punct('(') && is_kw("LIKE", 1);
    if (paren_like) ++p_;
    if (accept("LIKE")) {
        auto [sdb, sname] = table_name();
        const TableSchema* src = cat_.find(sdb, sname);
        if (src == nullptr) fail("CREATE TABLE … LIKE " + sdb + "." + sname + ": source unknown");
        TableSchema t = *src;
        t.db = db;
        t.table = name;
        cat_.put(std::move(t));
        o.tables.emplace_back(db, name);
        return o;
    }
    TableSchema t;
    t.db = db;
    t.table = name;
    std::string dbcs = cat_.database_charset(db);
    t.charset = dbcs.empty() ? opts_.server_charset : dbcs;
    // Table options may set the charset after the column list; columns without their own take
    // the table's: collect the definitions first, resolve charsets after.
    std::vector<std::pair<ColumnSchema, bool>> explicit_charset;  // column, has own charset
    std::vector<std::string> pk;
    if (accept_punct('(')) {
        for (;;) {
            if (is_kw("PRIMARY") ||
                (is_kw("CONSTRAINT") && (is_kw("PRIMARY", 1) || is_kw("PRIMARY", 2)))) {
                if (accept("CONSTRAINT") && !is_kw("PRIMARY")) identifier();
                expect("PRIMARY");
                expect("KEY");
                pk = key_columns();
                skip_to_separator();
            } else if (is_kw("KEY") || is_kw("INDEX") || is_kw("UNIQUE") || is_kw("FULLTEXT") ||
                       is_kw("SPATIAL") || is_kw("FOREIGN") || is_kw("CONSTRAINT") ||
                       is_kw("CHECK") || is_kw("PERIOD")) {
                skip_to_separator();
            } else {
                std::string col = identifier();
                bool primary = false;
                ColumnSchema c = column_definition(std::move(col), "", primary);
                if (primary) pk = {c.name};
                const bool own = c.charset.has_value() && !c.charset->empty();
                explicit_charset.emplace_back(std::move(c), own);
            }
            if (accept_punct(',')) continue;
            expect_punct(')');
            break;
        }
    }
    table_options(t, false);
    for (auto& [c, own] : explicit_charset) {
        if (c.is_character() && !own) c.charset = t.charset;
        t.columns.push_back(std::move(c));
    }
    t.primary_key = std::move(pk);
    // … [AS] SELECT: more columns come from the query.
    accept("IGNORE") || accept("REPLACE");
    if (accept("AS") || is_kw("SELECT") || is_punct('(')) {
        o.needs_reread = true;
        o.message = "CREATE TABLE " + db + "." + name +
                    " … SELECT: the columns the SELECT adds are not known from the statement";
    }
    cat_.put(std::move(t));
    o.tables.emplace_back(db, name);
    return o;
}

void Parser::table_options(TableSchema& t, bool convert_columns) {
    while (!at_end() && !is_kw("AS") && !is_kw("SELECT") && !is_punct('(') && !is_kw("IGNORE") &&
           !is_kw("REPLACE") && !is_kw("PARTITION")) {
        accept_punct(',');
        if (auto cs = charset_option()) {
            t.charset = *cs;
        } else if (!at_end()) {
            ++p_;
        }
    }
    (void)convert_columns;
    // PARTITION BY … and the rest do not change the shape.
    while (!at_end() && !is_kw("AS") && !is_kw("SELECT") && !is_kw("IGNORE") && !is_kw("REPLACE")) {
        if (is_punct('(')) {
            if (is_kw("SELECT", 1)) return;
            skip_parens();
            continue;
        }
        ++p_;
    }
}

std::vector<std::string> Parser::key_columns() {
    std::vector<std::string> cols;
    if (accept("USING")) ++p_;
    expect_punct('(');
    for (;;) {
        cols.push_back(identifier());
        if (is_punct('(')) skip_parens();  // prefix length
        accept("ASC") || accept("DESC");
        if (accept_punct(',')) continue;
        expect_punct(')');
        break;
    }
    return cols;
}

void Parser::data_type(ColumnSchema& c, const std::string& table_charset) {
    const Token& t = peek();
    if (t.kind != Tok::word) fail("expected a data type" + near());
    std::string ty = lower(t.text);
    ++p_;
    // Synonyms (manual: "Data Type Storage Requirements", "Numeric Type Attributes").
    if (ty == "integer" || ty == "int4")
        ty = "int";
    else if (ty == "int1" || ty == "bool" || ty == "boolean")
        ty = "tinyint";
    else if (ty == "int2")
        ty = "smallint";
    else if (ty == "int3" || ty == "middleint")
        ty = "mediumint";
    else if (ty == "int8")
        ty = "bigint";
    else if (ty == "dec" || ty == "numeric" || ty == "fixed")
        ty = "decimal";
    else if (ty == "real" || ty == "float8")
        ty = "double";
    else if (ty == "float4")
        ty = "float";
    else if (ty == "character")
        ty = "char";
    else if (ty == "serial") {
        ty = "bigint";
        c.is_unsigned = true;
    } else if (ty == "national" || ty == "nchar" || ty == "nvarchar") {
        if (ty == "national") {
            const std::string next = lower(identifier());
            ty = next == "character" || next == "char" ? "char" : next;
        } else {
            ty = ty == "nchar" ? "char" : "varchar";
        }
        c.charset = "utf8mb3";
    } else if (ty == "long") {
        if (accept("VARBINARY"))
            ty = "mediumblob";
        else {
            accept("VARCHAR");
            ty = "mediumtext";
        }
    }
    if (ty == "json" && opts_.flavor == binlog::Flavor::mariadb) {
        ty = "longtext";
        c.charset = "utf8mb4";
    }
    if (ty == "double") accept("PRECISION");
    if (ty == "char" && accept("VARYING")) ty = "varchar";
    c.data_type = ty;
    if (ty == "enum" || ty == "set") {
        expect_punct('(');
        for (;;) {
            const Token& v = peek();
            if (v.kind != Tok::string) fail("expected an " + ty + " label" + near());
            c.enum_values.push_back(v.text);
            ++p_;
            if (accept_punct(',')) continue;
            expect_punct(')');
            break;
        }
    } else if (is_punct('(')) {
        ++p_;
        std::vector<std::uint32_t> nums;
        while (!is_punct(')')) {
            if (peek().kind == Tok::number)
                nums.push_back(static_cast<std::uint32_t>(std::stoul(peek().text)));
            if (at_end()) fail("unbalanced parentheses in a data type");
            ++p_;
        }
        ++p_;
        if (ty == "decimal") {
            c.precision = nums.empty() ? 10 : nums[0];
            c.scale = nums.size() > 1 ? nums[1] : 0;
        } else if (ty == "time" || ty == "datetime" || ty == "timestamp") {
            c.fsp = nums.empty() ? 0 : nums[0];
        } else if (!nums.empty() && (ty == "char" || ty == "varchar" || ty == "binary" ||
                                     ty == "varbinary" || ty == "bit")) {
            // A length that shapes the stored value; an integer's display width (INT(11)),
            // FLOAT(M,D) or TEXT(n) does not, and the binlog has no trace of it.
            c.length = nums[0];
        }
    } else if (ty == "decimal") {
        c.precision = 10;
    } else if (ty == "char" || ty == "binary" || ty == "bit") {
        c.length = 1;
    }
    const bool binary_type = ty == "binary" || ty == "varbinary" || ty == "tinyblob" ||
                             ty == "blob" || ty == "mediumblob" || ty == "longblob";
    if (binary_type) c.charset = "binary";
    (void)table_charset;
}

ColumnSchema Parser::column_definition(std::string name, const std::string& table_charset,
                                       bool& primary) {
    ColumnSchema c;
    c.name = std::move(name);
    data_type(c, table_charset);
    int depth = 0;
    while (!at_end()) {
        if (depth == 0 && (is_punct(',') || is_punct(')'))) break;
        if (is_punct('(')) {
            skip_parens();
            continue;
        }
        if (accept("UNSIGNED") || accept("ZEROFILL")) {
            c.is_unsigned = true;
        } else if (accept("SIGNED")) {
        } else if (accept("CHARACTER")) {
            expect("SET");
            c.charset = charset_value();
        } else if (accept("CHARSET")) {
            c.charset = charset_value();
        } else if (accept("COLLATE")) {
            const std::string coll = charset_value();
            if (!c.charset || c.charset->empty()) c.charset = charset_of_collation(coll);
        } else if (accept("ASCII")) {
            c.charset = "latin1";
        } else if (accept("UNICODE")) {
            c.charset = "ucs2";
        } else if (accept("BYTE")) {
            c.charset = "binary";
        } else if (accept("DEFAULT")) {
            // One value: a literal (possibly signed), a name, or a parenthesized expression;
            // a function call keeps its arguments.
            accept_punct('-') || accept_punct('+');
            if (is_punct('(')) {
                skip_parens();
            } else {
                ++p_;
                if (is_punct('(')) skip_parens();
            }
        } else if (accept("ON")) {
            expect("UPDATE");
            ++p_;
            if (is_punct('(')) skip_parens();
        } else if (accept("COMMENT")) {
            ++p_;
        } else if (accept("PRIMARY")) {
            expect("KEY");
            primary = true;
        } else if (accept("KEY")) {
            primary = true;  // "KEY" alone in a column definition means PRIMARY KEY
        } else if (accept("UNIQUE")) {
            accept("KEY");
        } else if (accept("INVISIBLE")) {
            c.invisible = true;
        } else if (accept("VISIBLE")) {
            c.invisible = false;
        } else if (accept("REFERENCES")) {
            skip_to_separator();
        } else if (is_kw("FIRST") || is_kw("AFTER")) {
            break;  // the column's place (ALTER TABLE): the caller reads it
        } else {
            ++p_;  // NOT, NULL, AUTO_INCREMENT, GENERATED, ALWAYS, AS, VIRTUAL, STORED, …
        }
    }
    return c;
}

void Parser::place(TableSchema& t, ColumnSchema c, std::optional<std::size_t> replace) {
    std::optional<std::size_t> at;
    if (accept("FIRST")) {
        at = 0;
    } else if (accept("AFTER")) {
        const std::string after = identifier();
        auto idx = t.column_index(after);
        if (!idx) fail("AFTER " + after + ": no such column in " + t.db + "." + t.table);
        at = *idx + 1;
    }
    if (replace) {
        if (!at) {
            t.columns[*replace] = std::move(c);
            return;
        }
        t.columns.erase(t.columns.begin() + static_cast<std::ptrdiff_t>(*replace));
        if (*at > *replace) --*at;
    }
    if (!at || *at >= t.columns.size()) {
        t.columns.push_back(std::move(c));
    } else {
        t.columns.insert(t.columns.begin() + static_cast<std::ptrdiff_t>(*at), std::move(c));
    }
}

DdlOutcome Parser::alter() {
    accept("ONLINE");
    accept("IGNORE");
    if (accept("TABLE")) return alter_table();
    if (accept("DATABASE") || accept("SCHEMA")) return alter_database();
    return {};
}

DdlOutcome Parser::alter_database() {
    std::string db(default_db_);
    if (peek().kind == Tok::quoted ||
        (peek().kind == Tok::word && !is_kw("DEFAULT") && !is_kw("CHARACTER") &&
         !is_kw("CHARSET") && !is_kw("COLLATE") && !is_kw("UPGRADE"))) {
        db = identifier();
    }
    while (!at_end()) {
        if (auto cs = charset_option()) {
            cat_.set_database_charset(db, *cs);
        } else {
            ++p_;
        }
    }
    DdlOutcome o;
    o.kind = DdlKind::applied;
    return o;
}

DdlOutcome Parser::alter_table() {
    auto [db, name] = table_name();
    TableSchema* existing = cat_.find(db, name);
    if (existing == nullptr) fail("ALTER TABLE " + db + "." + name + ": table unknown");
    TableSchema t = *existing;  // applied to the catalog only when the whole statement parsed
    DdlOutcome o;
    o.kind = DdlKind::applied;
    o.tables.emplace_back(db, name);
    std::optional<std::pair<std::string, std::string>> rename_to;
    while (!at_end()) {
        if (accept("ADD")) {
            if (is_kw("PRIMARY") || (is_kw("CONSTRAINT") && !is_kw("CHECK", 1))) {
                if (accept("CONSTRAINT") && !is_kw("PRIMARY")) {
                    if (!is_kw("UNIQUE") && !is_kw("FOREIGN") && !is_kw("CHECK")) identifier();
                }
                if (accept("PRIMARY")) {
                    expect("KEY");
                    t.primary_key = key_columns();
                }
                skip_to_separator();
            } else if (is_kw("KEY") || is_kw("INDEX") || is_kw("UNIQUE") || is_kw("FULLTEXT") ||
                       is_kw("SPATIAL") || is_kw("FOREIGN") || is_kw("CHECK") ||
                       is_kw("PARTITION") || is_kw("PERIOD") || is_kw("SYSTEM")) {
                skip_to_separator();
            } else {
                accept("COLUMN");
                bool if_not_exists = false;
                if (accept("IF")) {
                    expect("NOT");
                    expect("EXISTS");
                    if_not_exists = true;
                }
                auto add_one = [&] {
                    std::string col = identifier();
                    bool primary = false;
                    const bool exists = t.column_index(col).has_value();
                    ColumnSchema c = column_definition(std::move(col), t.charset, primary);
                    if (c.is_character() && (!c.charset || c.charset->empty()))
                        c.charset = t.charset;
                    if (exists) {
                        if (if_not_exists) {
                            skip_to_separator();
                            return;
                        }
                        fail("ADD COLUMN " + c.name + ": the column exists already");
                    }
                    if (primary) t.primary_key = {c.name};
                    place(t, std::move(c), std::nullopt);
                };
                if (accept_punct('(')) {
                    for (;;) {
                        add_one();
                        if (accept_punct(',')) continue;
                        expect_punct(')');
                        break;
                    }
                } else {
                    add_one();
                }
            }
        } else if (accept("DROP")) {
            if (accept("PRIMARY")) {
                expect("KEY");
                t.primary_key.clear();
            } else if (is_kw("INDEX") || is_kw("KEY") || is_kw("FOREIGN") || is_kw("CONSTRAINT") ||
                       is_kw("CHECK") || is_kw("PARTITION") || is_kw("PERIOD") || is_kw("SYSTEM")) {
                skip_to_separator();
            } else {
                accept("COLUMN");
                bool if_exists = false;
                if (accept("IF")) {
                    expect("EXISTS");
                    if_exists = true;
                }
                const std::string col = identifier();
                auto idx = t.column_index(col);
                if (!idx) {
                    if (!if_exists) fail("DROP COLUMN " + col + ": no such column");
                } else {
                    t.columns.erase(t.columns.begin() + static_cast<std::ptrdiff_t>(*idx));
                    std::erase_if(t.primary_key,
                                  [&](const std::string& k) { return iequal(k, col); });
                }
                accept("RESTRICT") || accept("CASCADE");
            }
        } else if (accept("MODIFY")) {
            accept("COLUMN");
            if (accept("IF")) expect("EXISTS");
            std::string col = identifier();
            auto idx = t.column_index(col);
            if (!idx) fail("MODIFY " + col + ": no such column");
            bool primary = false;
            ColumnSchema c = column_definition(t.columns[*idx].name, t.charset, primary);
            if (c.is_character() && (!c.charset || c.charset->empty())) c.charset = t.charset;
            if (primary) t.primary_key = {c.name};
            place(t, std::move(c), idx);
        } else if (accept("CHANGE")) {
            accept("COLUMN");
            if (accept("IF")) expect("EXISTS");
            const std::string old = identifier();
            auto idx = t.column_index(old);
            if (!idx) fail("CHANGE " + old + ": no such column");
            std::string col = identifier();
            bool primary = false;
            ColumnSchema c = column_definition(std::move(col), t.charset, primary);
            if (c.is_character() && (!c.charset || c.charset->empty())) c.charset = t.charset;
            for (auto& k : t.primary_key) {
                if (iequal(k, old)) k = c.name;
            }
            if (primary) t.primary_key = {c.name};
            place(t, std::move(c), idx);
        } else if (accept("RENAME")) {
            if (accept("COLUMN")) {
                const std::string old = identifier();
                expect("TO");
                const std::string neu = identifier();
                auto idx = t.column_index(old);
                if (!idx) fail("RENAME COLUMN " + old + ": no such column");
                t.columns[*idx].name = neu;
                for (auto& k : t.primary_key) {
                    if (iequal(k, old)) k = neu;
                }
            } else if (is_kw("INDEX") || is_kw("KEY")) {
                skip_to_separator();
            } else {
                accept("TO") || accept("AS");
                rename_to = table_name();
            }
        } else if (accept("ALTER")) {
            accept("COLUMN");
            const std::string col = identifier();
            auto idx = t.column_index(col);
            if (idx && accept("SET")) {
                if (accept("INVISIBLE"))
                    t.columns[*idx].invisible = true;
                else if (accept("VISIBLE"))
                    t.columns[*idx].invisible = false;
            }
            skip_to_separator();
        } else if (accept("CONVERT")) {
            expect("TO");
            if (accept("CHARACTER"))
                expect("SET");
            else
                expect("CHARSET");
            std::string cs = charset_value();
            if (accept("COLLATE")) charset_value();
            if (cs == "default") cs = cat_.database_charset(db);
            t.charset = cs;
            for (auto& c : t.columns) {
                // TEXT columns keep their type here; binary strings keep charset "binary".
                if (c.is_character() && c.charset != "binary") c.charset = cs;
            }
        } else if (auto cs = charset_option()) {
            t.charset = *cs;         // the table's default only; existing columns keep theirs
            (void)charset_option();  // CHARACTER SET x COLLATE y
        } else if (accept("PARTITION") || is_kw("REMOVE") || is_kw("COALESCE") ||
                   is_kw("REORGANIZE") || is_kw("EXCHANGE") || is_kw("TRUNCATE") ||
                   is_kw("ANALYZE") || is_kw("CHECK") || is_kw("OPTIMIZE") || is_kw("REBUILD") ||
                   is_kw("REPAIR") || is_kw("DISCARD") || is_kw("IMPORT")) {
            while (!at_end())
                ++p_;  // partition maintenance: no shape change
        } else {
            skip_to_separator();  // ENGINE=, ALGORITHM=, LOCK=, FORCE, ORDER BY, options
        }
        if (!accept_punct(',')) {
            if (!at_end()) {
                // Options may follow without commas (ENGINE=InnoDB ROW_FORMAT=…).
                if (is_punct(')')) fail("unexpected ')'");
                continue;
            }
        }
    }
    cat_.erase(db, name);
    if (rename_to) {
        t.db = rename_to->first;
        t.table = rename_to->second;
        o.tables.push_back(*rename_to);
    }
    cat_.put(std::move(t));
    return o;
}

DdlOutcome Parser::drop() {
    const bool temporary = accept("TEMPORARY");
    if (accept("DATABASE") || accept("SCHEMA")) {
        if (accept("IF")) expect("EXISTS");
        const std::string db = identifier();
        cat_.drop_database(db);
        DdlOutcome o;
        o.kind = DdlKind::applied;
        return o;
    }
    if (!accept("TABLE") && !accept("TABLES")) return {};
    DdlOutcome o;
    o.kind = temporary ? DdlKind::not_schema_change : DdlKind::applied;
    if (accept("IF")) expect("EXISTS");
    for (;;) {
        auto name = table_name();
        // A DROP TABLE in the binlog may name temporary tables (the server logs DROP
        // TEMPORARY TABLE IF EXISTS for them); those were never in the catalog.
        if (!temporary && cat_.erase(name.first, name.second)) o.tables.push_back(name);
        if (!accept_punct(',')) break;
    }
    return o;
}

DdlOutcome Parser::rename_table() {
    DdlOutcome o;
    o.kind = DdlKind::applied;
    // Renames apply left to right (a swap through a third name works).
    for (;;) {
        auto from = table_name();
        expect("TO");
        auto to = table_name();
        TableSchema* t = cat_.find(from.first, from.second);
        if (t == nullptr)
            fail("RENAME TABLE " + from.first + "." + from.second + ": table unknown");
        TableSchema moved = *t;
        cat_.erase(from.first, from.second);
        moved.db = to.first;
        moved.table = to.second;
        cat_.put(std::move(moved));
        o.tables.push_back(from);
        o.tables.push_back(to);
        if (!accept_punct(',')) break;
    }
    return o;
}

DdlOutcome Parser::truncate() {
    accept("TABLE");
    auto name = table_name();
    DdlOutcome o;
    o.kind = DdlKind::applied;  // rows go; the shape stays
    o.tables.push_back(name);
    return o;
}

}  // namespace

std::string charset_of_collation(std::string_view collation) {
    const std::string c = lower(collation);
    const auto u = c.find('_');
    return u == std::string::npos ? c : c.substr(0, u);
}

DdlOutcome apply_ddl(SchemaCatalog& catalog, std::string_view default_db,
                     std::string_view statement, const DdlOptions& options) {
    std::vector<Token> tokens;
    try {
        tokens = Lexer(statement, options.ansi_quotes).run();
    } catch (const std::exception& e) {
        DdlOutcome o;
        o.kind = DdlKind::unknown;
        o.message = e.what();
        return o;
    }
    SchemaCatalog scratch = catalog;  // untouched unless the whole statement applies
    Parser parser(std::move(tokens), scratch, default_db, options);
    try {
        DdlOutcome o = parser.run();
        if (o.kind == DdlKind::applied) catalog = std::move(scratch);
        return o;
    } catch (const Unknown& u) {
        DdlOutcome o;
        o.kind = DdlKind::unknown;
        o.message = u.what;
        return o;
    } catch (const std::exception& e) {
        DdlOutcome o;
        o.kind = DdlKind::unknown;
        o.message = e.what();
        return o;
    }
}

}  // namespace b2k::schema
