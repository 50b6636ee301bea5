#include "schema/ddl_statement.h"

#include <cctype>

namespace b2k::schema {
namespace {

// A tiny tokenizer: skips whitespace and comments (keeps /*! version */ bodies, as the server
// executes them), returns identifiers (unquoting `x`), punctuation one char at a time.
class Tokens {
  public:
    explicit Tokens(std::string_view s) : s_(s) {}

    std::string next() {
        skip();
        if (i_ >= s_.size()) return {};
        const char c = s_[i_];
        if (c == '`' || c == '"') {
            std::string out;
            ++i_;
            while (i_ < s_.size()) {
                if (s_[i_] == c) {
                    if (i_ + 1 < s_.size() && s_[i_ + 1] == c) {
                        out.push_back(c);
                        i_ += 2;
                        continue;
                    }
                    ++i_;
                    break;
                }
                out.push_back(s_[i_++]);
            }
            quoted_ = true;
            return out;
        }
        quoted_ = false;
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
            static_cast<unsigned char>(c) >= 0x80) {
            const std::size_t b = i_;
            while (i_ < s_.size() &&
                   (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' ||
                    s_[i_] == '$' || static_cast<unsigned char>(s_[i_]) >= 0x80)) {
                ++i_;
            }
            return std::string(s_.substr(b, i_ - b));
        }
        ++i_;
        return std::string(1, c);
    }
    bool quoted() const { return quoted_; }
    bool peek_is(char c) {
        skip();
        return i_ < s_.size() && s_[i_] == c;
    }

  private:
    void skip() {
        for (;;) {
            while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_])))
                ++i_;
            if (s_.substr(i_).starts_with("/*!")) {  // version comment: its body counts
                i_ += 3;
                while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])))
                    ++i_;
                continue;
            }
            if (s_.substr(i_).starts_with("/*M!")) {
                i_ += 4;
                while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])))
                    ++i_;
                continue;
            }
            if (s_.substr(i_).starts_with("*/")) {
                i_ += 2;
                continue;
            }
            if (s_.substr(i_).starts_with("/*")) {
                auto e = s_.find("*/", i_ + 2);
                i_ = e == std::string_view::npos ? s_.size() : e + 2;
                continue;
            }
            if (s_.substr(i_).starts_with("-- ") || s_.substr(i_).starts_with("#")) {
                auto e = s_.find('\n', i_);
                i_ = e == std::string_view::npos ? s_.size() : e + 1;
                continue;
            }
            return;
        }
    }
    std::string_view s_;
    std::size_t i_ = 0;
    bool quoted_ = false;
};

std::string upper(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

void read_name(Tokens& t, std::string first, DdlClassification& out) {
    if (t.peek_is('.')) {
        t.next();
        out.db = std::move(first);
        out.table = t.next();
    } else {
        out.table = std::move(first);
    }
}

}  // namespace

DdlClassification classify_ddl(std::string_view query) {
    DdlClassification out;
    Tokens t(query);
    const std::string verb = upper(t.next());
    if (verb != "CREATE" && verb != "ALTER" && verb != "DROP" && verb != "RENAME" &&
        verb != "TRUNCATE") {
        return out;
    }
    std::string raw = t.next();
    std::string w = upper(raw);
    // Modifiers before the object kind.
    while (w == "OR" || w == "REPLACE" || w == "TEMPORARY" || w == "ONLINE" || w == "OFFLINE" ||
           w == "IGNORE") {
        raw = t.next();
        w = upper(raw);
    }
    if (verb == "TRUNCATE" && w != "TABLE") {  // TRUNCATE t
        out.is_schema_change = true;
        read_name(t, raw, out);
        return out;
    }
    if (w == "DATABASE" || w == "SCHEMA") {
        out.is_schema_change = true;
        std::string n = t.next();
        if (upper(n) == "IF") {
            t.next();
            n = t.next();
            if (upper(n) == "EXISTS") n = t.next();
        }
        out.db = n;
        return out;
    }
    if (w != "TABLE" && w != "TABLES") return out;  // views, users, procedures...: not ours
    out.is_schema_change = true;
    std::string n = t.next();
    if (upper(n) == "IF") {
        n = t.next();                     // NOT or EXISTS
        if (upper(n) == "NOT") t.next();  // EXISTS
        n = t.next();
    }
    read_name(t, n, out);
    return out;
}

}  // namespace b2k::schema
